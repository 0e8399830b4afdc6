/**
 * Cross-form aggregation: regions that report in templates of different shapes — one by fund with a column
 * per 总台账 element, another by subject with a row per element — add up at the level above through what every
 * cell maps to. Each report is reduced to its 总台账 elements (account | source type, normal-side balance of
 * the whole year); the elements of all reports are summed; the level above renders them in its own template.
 * A cell counts only when it is exactly one element (`equals`, one account, at most one source type, normal
 * side, whole year); a cell that sums several elements (可用资金) or refines one (中央下达) cannot be split
 * back, and reports of different shapes could count it twice, so it is left out.
 */
import type { Warehouse } from '../warehouse/index.ts';
import { renderReport, type ReportRegion } from './report.renderer.ts';
import type { CheckedTemplate } from './template.checker.ts';
import { SUBJECT_KEYS } from './catalogue/subjects.catalogue.ts';
import type { LedgerMapping } from './catalogue/ledger-mapping.ts';
import type { RenderedReport } from './report.types.ts';

/** element key (`account|source_type`) → amount in 分 */
export type LedgerElements = Map<string, number>;

function elementOf(mapping: LedgerMapping | null): string | undefined {
  if (!mapping || mapping.relation !== 'equals' || mapping.side !== 'normal' || mapping.part !== 'all')
    return undefined;
  if (mapping.accounts.length !== 1) return undefined;
  const account = mapping.accounts[0]!;
  const types = mapping.source_types ?? [];
  if (account === '4001') return types.length === 1 ? `4001|${types[0]}` : undefined;
  return types.length === 0 ? `${account}|` : undefined;
}

/** The 总台账 elements one report holds (its detail rows; subtotals and totals would count twice). */
export function reportElements(report: RenderedReport): LedgerElements {
  const out: LedgerElements = new Map();
  const add = (key: string, v: unknown): void => {
    if (typeof v === 'number') out.set(key, (out.get(key) ?? 0) + v);
  };
  const details = report.rows.filter((r) => r.kind === 'detail');
  if (report.dimension === 'subject') {
    const balance = report.columns.find((c) => c.measure === 'ledger.balance');
    if (!balance) throw new Error(`按科目的报表 ${report.template_id} 没有余额列 (ledger.balance)`);
    for (const row of details) if (SUBJECT_KEYS.includes(row.key)) add(row.key, row.values[balance.key]);
    return out;
  }
  for (const c of report.columns) {
    if (c.source !== 'measure') continue;
    const key = elementOf(c.ledger);
    if (!key) continue;
    for (const row of details) add(key, row.values[c.key]);
  }
  return out;
}

/** The elements of several reports added up. */
export function sumElements(reports: readonly RenderedReport[]): LedgerElements {
  const total: LedgerElements = new Map();
  for (const r of reports) for (const [k, v] of reportElements(r)) total.set(k, (total.get(k) ?? 0) + v);
  return total;
}

/**
 * The level above's report of the summed elements, in a template by subject (科目): every element on its row,
 * the chart's groups as subtotals. No query runs: the figures are the lower reports'.
 */
export async function renderAggregate(
  db: Warehouse,
  target: CheckedTemplate,
  params: { region: ReportRegion; year: number },
  reports: readonly RenderedReport[],
): Promise<RenderedReport> {
  if (target.template.rows.dimension !== 'subject') {
    throw new Error('汇总模板须按科目 (subject) 分行: 不同样式的报表只在总台账要素上相同');
  }
  const balance = target.template.columns.find((c) => 'measure' in c && c.measure === 'ledger.balance');
  if (!balance) throw new Error('汇总模板须有余额列 (ledger.balance)');
  const elements = sumElements(reports);
  const values = new Map([...elements].map(([k, v]) => [k, new Map([[balance.key, v]])]));
  return renderReport(db, target, params, { values });
}
