/**
 * Renders a checked template for one region and year: runs the compiled fact queries, places their rows on
 * the row tree, adds the tree up (subtotals, total), fills in filled cells, evaluates the formulas on every
 * row (on the sums, so a subtotal's ratio is the ratio of its sums) and lays out the header.
 */
import type { Kysely } from 'kysely';
import { kyselyFor, type Database, type Warehouse } from '../warehouse/index.ts';
import type { CheckedTemplate } from './template.checker.ts';
import { compileTemplate } from './report.compiler.ts';
import { memberTree, regionTree, subjectTree, type RowNode, type RowTree } from './row-tree.builder.ts';
import { evaluateFormula } from './formula.parser.ts';
import { layoutHeader } from './report-header.layout.ts';
import { headerPath, isFillColumn, isFormulaColumn, isMeasureColumn, type CellFormat } from './template.schema.ts';
import { DIMENSIONS, type DimensionKey } from './catalogue/facts.catalogue.ts';
import type { CellValue, ReportColumn, ReportRow, RenderedReport } from './report.types.ts';

export interface ReportRegion {
  code: string;
  name: string;
  level: string;
}

/** Filled cells: leaf row key → column key → value (numbers in the column's unit: 分, counts, fractions). */
export type FillValues = Map<string, Map<string, CellValue>>;

export interface RenderOptions {
  /** values of fill columns (collection tasks); without them fill cells are blank or prefilled */
  fills?: FillValues;
  /** put the prefill measure's value into fill cells that have no value (default true) */
  prefill?: boolean;
  version?: number | null;
  /** measure values given per row key (e.g. aggregated from lower reports): no query runs */
  values?: Map<string, Map<string, number>>;
}

function formulaFormat(text: string): CellFormat {
  return text.includes('/') ? 'percent' : 'amount';
}

export function reportColumns(checked: CheckedTemplate): ReportColumn[] {
  return checked.template.columns.map((c) => {
    const measure = checked.measures.get(c.key);
    const base = { key: c.key, header: headerPath(c), width: c.width ?? null, department: null, formula: null };
    if (isMeasureColumn(c)) {
      return {
        ...base,
        format: measure!.def.format,
        source: 'measure',
        measure: c.measure,
        ledger: measure!.def.ledger,
      };
    }
    if (isFormulaColumn(c)) {
      return {
        ...base,
        format: c.format ?? formulaFormat(c.formula),
        source: 'formula',
        measure: null,
        ledger: null,
        formula: c.formula,
      };
    }
    if (!isFillColumn(c)) throw new Error('未知的列类型');
    return {
      ...base,
      format: c.fill.format,
      source: 'fill',
      measure: c.fill.prefill ?? null,
      ledger: null,
      department: c.fill.department ?? null,
    };
  });
}

async function memberLabels(
  k: Kysely<Database>,
  dimension: string,
  region: string,
  keys: string[],
): Promise<(key: string) => string> {
  const names = new Map<string, string>();
  if (dimension === 'fund') {
    const rows = await k
      .selectFrom('marts.allocation_progress')
      .select(['fund_code', 'fund_name'])
      .distinct()
      .where('region_code', 'in', (eb) =>
        eb.selectFrom('marts.region_closure').select('code').where('ancestor_code', '=', region),
      )
      .execute();
    for (const r of rows)
      if (r.fund_code && r.fund_name && !names.has(r.fund_code)) names.set(r.fund_code, r.fund_name);
    names.set('', '未登记专项资金');
  } else if (dimension === 'from_region' && keys.length > 0) {
    const rows = await k.selectFrom('marts.regions').select(['code', 'name']).where('code', 'in', keys).execute();
    for (const r of rows) names.set(r.code, r.name);
  }
  return (key) => names.get(key) ?? (key === '' ? '（未填）' : key);
}

async function rowTree(
  k: Kysely<Database>,
  checked: CheckedTemplate,
  region: ReportRegion,
  keys: string[],
): Promise<RowTree> {
  const { template } = checked;
  const total = template.rows.total === false ? '合计' : (template.rows.total ?? '合计');
  if (template.rows.dimension === 'region') return regionTree(k, template, region, total);
  if (template.rows.dimension === 'subject') return subjectTree(template, total);
  const labelOf = await memberLabels(k, template.rows.dimension, region.code, keys);
  return memberTree(template, keys, labelOf, total);
}

const toNumber = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));

export async function renderReport(
  db: Warehouse,
  checked: CheckedTemplate,
  params: { region: ReportRegion; year: number },
  options: RenderOptions = {},
): Promise<RenderedReport> {
  const k = kyselyFor(db);
  const { template } = checked;
  const columns = reportColumns(checked);
  const queries = compileTemplate(k, checked, { region: params.region.code, year: params.year });
  const results: { query: (typeof queries)[number]; rows: Record<string, unknown>[] }[] = [];
  for (const q of options.values ? [] : queries) {
    const rows = await db.all(q.compiled.sql, q.compiled.parameters as never);
    results.push({ query: q, rows });
  }
  const keys = [
    ...results.flatMap((r) => r.rows.map((row) => String(row['row_key'] ?? ''))),
    ...(options.values?.keys() ?? []),
  ];
  const tree = await rowTree(k, checked, params.region, keys);

  // leaf values: measure columns (and prefills) summed from the facts
  const leafValues = new Map<string, Map<string, number>>();
  for (const { query, rows } of results) {
    for (const row of rows) {
      const leaf = tree.leafOf(String(row['row_key'] ?? ''));
      if (leaf === undefined) continue;
      const values = leafValues.get(leaf) ?? new Map<string, number>();
      for (const c of query.columns) values.set(c.key, (values.get(c.key) ?? 0) + toNumber(row[`c_${c.key}`]));
      leafValues.set(leaf, values);
    }
  }

  for (const [rowKey, given] of options.values ?? []) {
    const leaf = tree.leafOf(rowKey);
    if (leaf === undefined) continue;
    const values = leafValues.get(leaf) ?? new Map<string, number>();
    for (const [key, v] of given) values.set(key, (values.get(key) ?? 0) + v);
    leafValues.set(leaf, values);
  }

  const summed = new Set(
    columns
      .filter(
        (c) => c.source === 'measure' || (c.source === 'fill' && c.format !== 'text' && fillAggregates(checked, c.key)),
      )
      .map((c) => c.key),
  );
  const prefill = options.prefill ?? true;
  // filled cells reach their leaf through the tree too, so a lower region's rows add into the row above them
  const fills = new Map<string, Map<string, CellValue>>();
  for (const [rowKey, given] of options.fills ?? []) {
    const leaf = tree.leafOf(rowKey);
    if (leaf === undefined) continue;
    const into = fills.get(leaf) ?? new Map<string, CellValue>();
    for (const [key, v] of given) {
      const prev = into.get(key);
      into.set(
        key,
        typeof v === 'number' && typeof prev === 'number'
          ? prev + v
          : prev === undefined
            ? v
            : typeof v === 'number'
              ? v
              : prev,
      );
    }
    fills.set(leaf, into);
  }
  const rows: ReportRow[] = [];
  const visit = (node: RowNode, depth: number): Map<string, CellValue> => {
    const values = new Map<string, CellValue>();
    if (node.children.length === 0) {
      const measured = leafValues.get(node.key);
      const filled = fills.get(node.key);
      for (const c of columns) {
        if (c.source === 'measure') values.set(c.key, measured?.get(c.key) ?? 0);
        else if (c.source === 'fill') {
          const given = filled?.get(c.key);
          values.set(c.key, given !== undefined ? given : prefill && c.measure ? (measured?.get(c.key) ?? 0) : null);
        }
      }
    }
    const at = rows.length;
    const showSelf = node.kind !== 'subtotal' || template.rows.subtotals !== false;
    const hideTotal = node.kind === 'total' && template.rows.total === false;
    if (showSelf && !hideTotal) rows.push({ key: node.key, label: node.label, kind: node.kind, depth, values: {} });
    for (const child of node.children) {
      const childValues = visit(child, showSelf && !hideTotal ? depth + 1 : depth);
      for (const key of summed) {
        const v = childValues.get(key);
        const prev = values.get(key);
        if (typeof v === 'number') values.set(key, (typeof prev === 'number' ? prev : 0) + v);
        else if (!values.has(key)) values.set(key, null);
      }
    }
    for (const c of template.columns) {
      if (!isFormulaColumn(c)) continue;
      const f = checked.formulas.get(c.key)!;
      const value = evaluateFormula(f, (key) => {
        const v = values.get(key);
        return typeof v === 'number' ? v : null;
      });
      values.set(c.key, value);
    }
    if (showSelf && !hideTotal)
      rows[at]!.values = Object.fromEntries(columns.map((c) => [c.key, values.get(c.key) ?? null]));
    return values;
  };
  visit(tree.root, 0);

  const rowLabel =
    template.rows.label ?? DIMENSIONS[template.rows.dimension as DimensionKey] ?? template.rows.dimension;
  const placeholders: Record<string, string> = {
    region: params.region.name,
    region_code: params.region.code,
    year: String(params.year),
    unit: template.unit,
    title: template.title,
    form_no: template.form_no ?? '',
  };
  return {
    template_id: template.id,
    version: options.version ?? null,
    title: template.title,
    form_no: template.form_no ?? null,
    unit: template.unit,
    region: params.region,
    year: params.year,
    row_label: rowLabel,
    dimension: template.rows.dimension,
    columns,
    header: layoutHeader(
      rowLabel,
      columns.map((c) => c.header),
    ),
    fixed: (template.fixed ?? []).map((f) => ({
      text: f.text.replace(/\{([a-z_]+)\}/g, (m, name: string) => placeholders[name] ?? m),
      span: f.span ?? 1,
      align: f.align ?? 'left',
    })),
    rows,
  };
}

function fillAggregates(checked: CheckedTemplate, key: string): boolean {
  const c = checked.template.columns.find((col) => col.key === key);
  return !!c && isFillColumn(c) && (c.fill.aggregate ?? (c.fill.format === 'percent' ? 'none' : 'sum')) === 'sum';
}
