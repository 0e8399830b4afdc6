/**
 * A rendered report: what the screen, the XLSX and the CSV writers and the collection tasks all take. Cells are
 * kept in their exact unit (amounts in integer 分, ratios as fractions); writers convert for display.
 */
import type { LedgerMapping } from './catalogue/ledger-mapping.ts';
import type { CellFormat } from './template.schema.ts';

export type CellValue = number | string | null;

export interface ReportColumn {
  key: string;
  /** header path, top row first */
  header: string[];
  format: CellFormat;
  source: 'measure' | 'formula' | 'fill';
  /** the catalogue measure (`fact.measure`) of a measure column, or a fill column's prefill */
  measure: string | null;
  /** the 总台账 elements the column's cells sum (null for formulas and fill columns) */
  ledger: LedgerMapping | null;
  /** the formula text of a formula column */
  formula: string | null;
  /** the department that fills a fill column */
  department: string | null;
  width: number | null;
}

export interface ReportRow {
  key: string;
  label: string;
  kind: 'total' | 'subtotal' | 'detail';
  depth: number;
  values: Record<string, CellValue>;
}

export interface HeaderCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
}

export interface FixedCellOut {
  text: string;
  span: number;
  align: 'left' | 'center' | 'right';
}

export interface RenderedReport {
  template_id: string;
  version: number | null;
  title: string;
  form_no: string | null;
  unit: '元' | '万元';
  region: { code: string; name: string; level: string };
  year: number;
  /** the heading of the row-label column */
  row_label: string;
  dimension: string;
  columns: ReportColumn[];
  /** header rows × (1 + columns) with merges; column 0 is the row labels */
  header: { rows: number; cells: HeaderCell[] };
  fixed: FixedCellOut[];
  rows: ReportRow[];
}
