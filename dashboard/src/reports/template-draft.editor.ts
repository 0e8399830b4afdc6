/**
 * The designer's form operations on a template draft (the parsed YAML object): rows and their region levels,
 * measure columns with their filters, formula columns, reordering. Pure: each returns a new draft and keeps every
 * key it does not touch (fill columns, widths, fixed cells …), so the YAML written back loses nothing.
 */

export const REGION_LEVELS = ['province', 'city', 'county', 'township', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
export const LEVEL_LABELS: Record<RegionLevel, string> = {
  province: '省',
  city: '市',
  county: '县',
  township: '乡',
  village: '村',
};

export const CELL_FORMATS = ['percent', 'decimal', 'amount', 'integer'] as const;
export type CellFormat = (typeof CELL_FORMATS)[number];
export const FORMAT_LABELS: Record<CellFormat, string> = {
  percent: '百分比',
  decimal: '小数',
  amount: '金额',
  integer: '整数',
};

export type Header = string | string[];
export type DraftFilters = Record<string, string[]>;

export interface DraftColumn {
  key: string;
  header: Header;
  measure?: string;
  filters?: DraftFilters;
  formula?: string;
  format?: string;
  [other: string]: unknown;
}

export interface DraftRows {
  dimension: string;
  levels?: string[];
  members?: string[];
  [other: string]: unknown;
}

export interface TemplateDraft {
  id: string;
  title: string;
  rows: DraftRows;
  columns: DraftColumn[];
  [other: string]: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The parsed YAML as a draft the form can edit, or why it cannot (the text stays editable either way). */
export function asDraft(value: unknown): TemplateDraft | string {
  if (!isRecord(value)) return '模板须是一个映射 (id, title, rows, columns …)';
  const { rows, columns } = value;
  if (!isRecord(rows) || typeof rows.dimension !== 'string') return '表单需要 rows.dimension (分行维度)';
  if (!Array.isArray(columns) || !columns.every((c) => isRecord(c) && typeof c.key === 'string'))
    return '表单需要 columns (每列都有 key)';
  return { ...value, id: String(value.id ?? ''), title: String(value.title ?? '') } as TemplateDraft;
}

const withColumns = (draft: TemplateDraft, columns: DraftColumn[]): TemplateDraft => ({ ...draft, columns });

/** The template's id (a saved template's name) and title. */
export function setMeta(draft: TemplateDraft, patch: Partial<Pick<TemplateDraft, 'id' | 'title'>>): TemplateDraft {
  return { ...draft, ...patch };
}

/** The row dimension; for regions the levels shown (in their order down the tree), for others no levels. */
export function setRows(draft: TemplateDraft, dimension: string, levels: readonly string[] = []): TemplateDraft {
  const rows: DraftRows = { ...draft.rows, dimension };
  delete rows.levels;
  if (dimension === 'region') {
    delete rows.members;
    const ordered = REGION_LEVELS.filter((l) => levels.includes(l));
    if (ordered.length > 0) rows.levels = ordered;
  } else if (draft.rows.dimension !== dimension) delete rows.members;
  return { ...draft, rows };
}

/** Turns one region level on or off. */
export function toggleLevel(draft: TemplateDraft, level: RegionLevel, on: boolean): TemplateDraft {
  const current = draft.rows.levels ?? [];
  const levels = on ? [...current, level] : current.filter((l) => l !== level);
  return setRows(draft, draft.rows.dimension, levels);
}

/** A column key not yet used: the base made valid (lower case, letters first), then _2, _3 … */
export function uniqueKey(draft: TemplateDraft, base: string): string {
  let clean = base
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/^[^a-z]+/, '')
    .slice(0, 34);
  if (clean === '') clean = 'col';
  const used = new Set(draft.columns.map((c) => c.key));
  if (!used.has(clean)) return clean;
  for (let i = 2; ; i++) if (!used.has(`${clean}_${i}`)) return `${clean}_${i}`;
}

/** Appends a measure column (`fact.measure`), keyed after the measure, headed with its label. */
export function addColumn(draft: TemplateDraft, measure: string, label: string): TemplateDraft {
  const key = uniqueKey(draft, measure.split('.')[1] ?? measure);
  return withColumns(draft, [...draft.columns, { key, header: [label], measure }]);
}

/** Appends a formula column over other columns' keys. */
export function addFormula(
  draft: TemplateDraft,
  formula: { key: string; header: string; formula: string; format: CellFormat },
): TemplateDraft {
  return withColumns(draft, [
    ...draft.columns,
    { key: formula.key, header: parseHeader(formula.header), formula: formula.formula, format: formula.format },
  ]);
}

export function removeColumn(draft: TemplateDraft, index: number): TemplateDraft {
  return withColumns(
    draft,
    draft.columns.filter((_, i) => i !== index),
  );
}

/** Moves a column from one position to another (clamped to the list). */
export function moveColumn(draft: TemplateDraft, from: number, to: number): TemplateDraft {
  const target = Math.max(0, Math.min(draft.columns.length - 1, to));
  if (from === target || from < 0 || from >= draft.columns.length) return draft;
  const columns = [...draft.columns];
  const [moved] = columns.splice(from, 1);
  columns.splice(target, 0, moved!);
  return withColumns(draft, columns);
}

/** Changes some fields of one column (key, header, formula, format, measure). */
export function updateColumn(draft: TemplateDraft, index: number, patch: Partial<DraftColumn>): TemplateDraft {
  return withColumns(
    draft,
    draft.columns.map((c, i) => (i === index ? { ...c, ...patch } : c)),
  );
}

/** A column's filter on one dimension: the values kept; no values removes the filter (and empty filters). */
export function setFilter(
  draft: TemplateDraft,
  index: number,
  dimension: string,
  values: readonly string[],
): TemplateDraft {
  return withColumns(
    draft,
    draft.columns.map((c, i) => {
      if (i !== index) return c;
      const filters: DraftFilters = { ...c.filters };
      if (values.length > 0) filters[dimension] = [...new Set(values)];
      else delete filters[dimension];
      const next: DraftColumn = { ...c, filters };
      if (Object.keys(filters).length === 0) delete next.filters;
      return next;
    }),
  );
}

/** Header text as typed: `资金来源/上级下达/中央` is a three-row header path. */
export function parseHeader(text: string): Header {
  const parts = text.split('/');
  return parts.length === 1 ? text : parts;
}

export const headerText = (header: Header | undefined): string =>
  header === undefined ? '' : typeof header === 'string' ? header : header.join('/');

export type ColumnKind = 'measure' | 'formula' | 'fill' | 'unknown';
export const columnKind = (c: DraftColumn): ColumnKind =>
  'measure' in c ? 'measure' : 'formula' in c ? 'formula' : 'fill' in c ? 'fill' : 'unknown';

export interface PathIssue {
  path: string;
  message: string;
}

/** The issues that name this path or something inside it (`columns.3` holds `columns.3.formula`). */
export const issuesAt = (issues: readonly PathIssue[], path: string): PathIssue[] =>
  issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`));

/** One form operation, as the components hand it to the page (which applies it to the YAML text). */
export type DraftEdit = (draft: TemplateDraft) => TemplateDraft;
