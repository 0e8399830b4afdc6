/**
 * 与总台账核对: the total row of a rendered report against marts.general_ledger for the same region (and
 * everything below it) and year, column by column, straight from each column's ledger mapping — a second,
 * independent path to the same figures. `equals` columns compare alone; `refines` columns compare as the sum of
 * their partition when the report has every part of it; `detail` columns show the ledger figure beside theirs.
 */
import { FACTS } from './catalogue/facts.catalogue.ts';
import { ACCOUNT_NAMES, describeMapping, type LedgerMapping } from './catalogue/ledger-mapping.ts';
import type { Warehouse } from '../warehouse/index.ts';
import type { RenderedReport } from './report.types.ts';
import type { Filters } from './template.schema.ts';

export interface ReconcileLine {
  /** the column keys compared (several for a partition) */
  columns: string[];
  mapping: string;
  relation: LedgerMapping['relation'];
  report: number;
  ledger: number;
  /** equals / complete partitions must agree; detail lines are informative */
  must_agree: boolean;
  agrees: boolean;
}

/** The 总台账 figure of a mapping for a region's subtree and a year (fund filter optional), in 分. */
export async function ledgerFigure(
  db: Warehouse,
  mapping: LedgerMapping,
  region: string,
  year: number,
  funds?: readonly string[],
): Promise<number> {
  const params: (string | number)[] = [year, region];
  const place = (v: string | number): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const prefix = mapping.part === 'all' ? '' : `${mapping.part}_`;
  const debit = `coalesce(${prefix}debit, 0)`;
  const credit = `coalesce(${prefix}credit, 0)`;
  const value =
    mapping.side === 'debit'
      ? debit
      : mapping.side === 'credit'
        ? credit
        : `case when account_code = '4001' then ${credit} - ${debit} else ${debit} - ${credit} end`;
  for (const a of mapping.accounts) if (!Object.hasOwn(ACCOUNT_NAMES, a)) throw new Error(`未知科目 ${a}`);
  const conds = [
    `account_code in (${mapping.accounts.map(place).join(', ')})`,
    ...(mapping.source_types ? [`source_type in (${mapping.source_types.map(place).join(', ')})`] : []),
    ...(funds ? [`coalesce(fund_code, '') in (${funds.map(place).join(', ')})`] : []),
  ];
  return db.value<number>(
    `select coalesce(sum(${value}), 0)::bigint from marts.general_ledger
     where budget_year = $1 and region_code in (select code from marts.region_closure where ancestor_code = $2)
       and ${conds.join(' and ')}`,
    params,
  );
}

export interface ReconcileInput {
  report: RenderedReport;
  /** the template's filters and column filters (a fund filter narrows the ledger too; others make it incomparable) */
  filters?: Filters | undefined;
  columnFilters?: Map<string, Filters | undefined>;
  /** rows.members narrows the total to some members: not comparable with the whole ledger */
  restricted?: boolean;
}

export async function reconcileWithLedger(db: Warehouse, input: ReconcileInput): Promise<ReconcileLine[]> {
  const { report } = input;
  const total = report.rows.find((r) => r.kind === 'total');
  if (!total || input.restricted) return [];
  const lines: ReconcileLine[] = [];
  const comparable = (key: string): readonly string[] | undefined | false => {
    const merged = { ...(input.filters ?? {}), ...(input.columnFilters?.get(key) ?? {}) };
    const other = Object.keys(merged).filter((k) => k !== 'fund');
    return other.length > 0 ? false : merged['fund'];
  };
  const value = (key: string): number => {
    const v = total.values[key];
    return typeof v === 'number' ? v : 0;
  };
  const partitions = new Map<string, { columns: string[]; mapping: LedgerMapping; measures: Set<string> }>();
  for (const c of report.columns) {
    if (c.source !== 'measure' || !c.ledger || c.ledger.relation === 'none' || c.ledger.region === 'issuer') continue;
    const funds = comparable(c.key);
    if (funds === false) continue;
    if (c.ledger.relation === 'refines') {
      if (!c.ledger.partition || funds) continue;
      const p = partitions.get(c.ledger.partition) ?? { columns: [], mapping: c.ledger, measures: new Set<string>() };
      p.columns.push(c.key);
      p.measures.add(c.measure ?? '');
      partitions.set(c.ledger.partition, p);
      continue;
    }
    const ledger = await ledgerFigure(db, c.ledger, report.region.code, report.year, funds);
    const must = c.ledger.relation === 'equals';
    lines.push({
      columns: [c.key],
      mapping: describeMapping(c.ledger),
      relation: c.ledger.relation,
      report: value(c.key),
      ledger,
      must_agree: must,
      agrees: value(c.key) === ledger,
    });
  }
  for (const [name, p] of partitions) {
    const all = Object.entries(FACTS).flatMap(([fact, f]) =>
      Object.entries(f.measures)
        .filter(([, m]) => m.ledger.partition === name)
        .map(([key]) => `${fact}.${key}`),
    );
    if (!all.every((m) => p.measures.has(m))) continue;
    const ledger = await ledgerFigure(db, p.mapping, report.region.code, report.year);
    const sum = p.columns.reduce((s, k) => s + value(k), 0);
    lines.push({
      columns: p.columns,
      mapping: describeMapping({ ...p.mapping, relation: 'equals' }),
      relation: 'refines',
      report: sum,
      ledger,
      must_agree: true,
      agrees: sum === ledger,
    });
  }
  return lines;
}
