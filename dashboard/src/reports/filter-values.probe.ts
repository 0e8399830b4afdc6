/**
 * What a measure column may be filtered by, and with which values: the dimensions of the measure's fact (from
 * GET /api/reports/catalogue; region is the report's own scope, never a filter), and the members the warehouse
 * holds on that dimension — read through the designer's own preview route with a probe template laid out by
 * that dimension, so the values are exactly the ones the compiler would match.
 */

export interface CatalogueMeasure {
  ref: string;
  label: string;
  format: string;
  ledger: string;
  relation: string;
}

export interface Catalogue {
  dimensions: { key: string; label: string }[];
  facts: { key: string; label: string; dimensions: string[]; measures: CatalogueMeasure[] }[];
}

export interface FilterOption {
  value: string;
  label: string;
}

/** The dimensions a measure can be filtered by (its fact's, without region), with their labels. */
export function filterDimensions(catalogue: Catalogue, measure: string): FilterOption[] {
  const fact = catalogue.facts.find((f) => f.key === measure.split('.')[0]);
  if (!fact) return [];
  return fact.dimensions
    .filter((d) => d !== 'region')
    .map((d) => ({ value: d, label: catalogue.dimensions.find((x) => x.key === d)?.label ?? d }));
}

export const measureLabel = (catalogue: Catalogue | undefined, ref: string): string =>
  catalogue?.facts.flatMap((f) => f.measures).find((m) => m.ref === ref)?.label ?? ref;

/** A template that lays the measure out by the dimension: its rows are the values there are. */
export function probeTemplate(measure: string, dimension: string): string {
  if (!/^[a-z_]+\.[a-z_]+$/.test(measure) || !/^[a-z_]+$/.test(dimension)) throw new Error('度量或维度名有误');
  return [
    'id: filter-values-probe',
    'title: 筛选取值',
    `rows: { dimension: ${dimension}, total: false, subtotals: false }`,
    'columns:',
    `  - { key: probe, header: probe, measure: ${measure} }`,
    '',
  ].join('\n');
}

/** The probe's rows as options: the value and its name (an empty value cannot be a filter). */
export function probeOptions(rows: readonly { key: string; label: string }[]): FilterOption[] {
  return rows
    .filter((r) => r.key !== '')
    .map((r) => ({ value: r.key, label: r.label === r.key ? r.key : `${r.label} (${r.key})` }));
}
