/**
 * A cell as people read it: amounts from 分 into the report's unit (元 or 万元), counts as integers, ratios as
 * percentages. `exactText` writes amounts exactly (元 to 2 decimals, 万元 to 6: both exact to the 分) for CSV;
 * `displayNumber` gives the number a spreadsheet cell holds (its number format rounds the display).
 */
import type { CellValue, ReportColumn } from './report.types.ts';

export const unitDivisor = (unit: '元' | '万元'): number => (unit === '万元' ? 1_000_000 : 100);

/** exact decimal text of an integer 分 amount in the unit */
export function fenText(fen: number, unit: '元' | '万元'): string {
  const digits = unit === '万元' ? 6 : 2;
  const negative = fen < 0;
  const abs = String(Math.abs(Math.trunc(fen))).padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

export function displayNumber(column: ReportColumn, value: CellValue, unit: '元' | '万元'): number | string | null {
  if (value === null || typeof value === 'string') return value;
  if (column.format === 'amount') return value / unitDivisor(unit);
  return value;
}

export function exactText(column: ReportColumn, value: CellValue, unit: '元' | '万元'): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  switch (column.format) {
    case 'amount':
      return Number.isInteger(value) ? fenText(value, unit) : (value / unitDivisor(unit)).toFixed(6);
    case 'integer':
      return String(Math.round(value));
    case 'percent':
      return `${(value * 100).toFixed(2)}%`;
    case 'decimal':
      return value.toFixed(4);
    case 'text':
      return String(value);
  }
}

/** the number format of a column in a spreadsheet */
export function numberFormat(column: ReportColumn): string | undefined {
  switch (column.format) {
    case 'amount':
    case 'decimal':
      return '#,##0.00';
    case 'integer':
      return '#,##0';
    case 'percent':
      return '0.00%';
    case 'text':
      return undefined;
  }
}
