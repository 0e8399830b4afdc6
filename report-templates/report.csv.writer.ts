/**
 * A rendered report as CSV: UTF-8 with a BOM, one header row (a multi-row header's path joined with '·', after
 * the row-label heading and a `row_key` column so a filled copy can be read back), then one line per row.
 * Amounts are exact in the report's unit (元 to 2 decimals, 万元 to 6), ratios as percentages; text cells
 * are neutralised against formula injection.
 */
import { neutraliseText } from '../warehouse/index.ts';
import type { RenderedReport } from './report.types.ts';
import { exactText } from './report-cell.format.ts';

const quote = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function reportCsv(report: RenderedReport): string {
  const lines = [
    [report.row_label, 'row_key', ...report.columns.map((c) => c.header.join('·'))].map((t) =>
      quote(neutraliseText(t)),
    ),
    ...report.rows.map((row) => [
      quote(neutraliseText(row.label)),
      quote(neutraliseText(row.key)),
      ...report.columns.map((c) => {
        const text = exactText(c, row.values[c.key] ?? null, report.unit);
        return quote(typeof row.values[c.key] === 'string' ? neutraliseText(text) : text);
      }),
    ]),
  ];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}
