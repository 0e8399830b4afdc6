/**
 * Reads a filled form back from Excel: the header row is found by the 填报 columns' header texts (the lowest
 * header cell, or the whole path joined with '·' as the CSV writes it), rows by their label in the first
 * column. Amounts are read in the form's unit and turned back into 分; percentages as fractions.
 */
import ExcelJS from 'exceljs';
import { UserError } from '../../warehouse/index.ts';
import type { RenderedReport } from '../report.types.ts';
import type { FilledCell } from './collection.types.ts';
import { unitDivisor } from '../report-cell.format.ts';

const textOf = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  return String(v).trim();
};

export async function readFilledXlsx(data: Buffer, form: RenderedReport): Promise<FilledCell[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) throw new UserError('IMPORT_EMPTY', '文件中没有工作表');
  const fill = form.columns.filter((c) => c.source === 'fill');
  const at = new Map<string, number>();
  let headerEnd = 0;
  for (let r = 1; r <= Math.min(12, sheet.rowCount); r += 1) {
    sheet.getRow(r).eachCell((cell, col) => {
      const t = textOf(cell.value);
      for (const c of fill) {
        if (t === c.header.join('·') || t === c.header[c.header.length - 1]) {
          if (!at.has(c.key)) at.set(c.key, col);
          headerEnd = Math.max(headerEnd, r);
        }
      }
    });
  }
  const missing = fill.filter((c) => !at.has(c.key)).map((c) => c.header.join('·'));
  if (missing.length > 0) throw new UserError('IMPORT_HEADER', `文件缺少填报列的表头: ${missing.join('、')}`);
  const byLabel = new Map(form.rows.filter((r) => r.kind === 'detail').map((r) => [r.label, r.key]));
  const cells: FilledCell[] = [];
  const unknown: string[] = [];
  for (let r = headerEnd + 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const label = textOf(row.getCell(1).value);
    if (!label) continue;
    const key = byLabel.get(label);
    if (!key) {
      if (!form.rows.some((x) => x.label === label)) unknown.push(`第 ${r} 行 "${label}"`);
      continue;
    }
    for (const c of fill) {
      const v = row.getCell(at.get(c.key)!).value;
      if (v === null || v === undefined || v === '') continue;
      if (c.format === 'text') {
        cells.push({ row_key: key, column_key: c.key, value: textOf(v) });
        continue;
      }
      const n = typeof v === 'number' ? v : Number(textOf(v).replace(/,/g, ''));
      if (!Number.isFinite(n))
        throw new UserError('IMPORT_VALUE', `第 ${r} 行 ${c.header.join('·')} 不是数字: ${textOf(v)}`);
      cells.push({
        row_key: key,
        column_key: c.key,
        value: c.format === 'amount' ? Math.round(n * unitDivisor(form.unit)) : n,
      });
    }
  }
  if (unknown.length > 0)
    throw new UserError('IMPORT_ROWS', `文件中有报表没有的行: ${unknown.slice(0, 10).join('、')}`);
  return cells;
}
