/**
 * A rendered report as an XLSX sheet laid out like the paper form: the title merged across the top, the fixed
 * header cells (编制单位, 年度, 单位) on the next row, the multi-row column headers with their merges, then the
 * rows (total and subtotals bold, detail rows indented). Panes are frozen below the headers and right of the
 * row labels; amounts are numbers in the report's unit with a '#,##0.00' format, ratios '0.00%'. Text cells are
 * neutralised against formula injection (warehouse/cell-safety.ts).
 */
import ExcelJS from 'exceljs';
import { neutraliseText } from '../warehouse/index.ts';
import type { RenderedReport } from './report.types.ts';
import { displayNumber, numberFormat } from './report-cell.format.ts';

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** The sheet's first data row (1-based) for a report: title, fixed row (if any), header rows. */
export const firstDataRow = (report: RenderedReport): number =>
  2 + (report.fixed.length > 0 ? 1 : 0) + report.header.rows;

export function addReportSheet(workbook: ExcelJS.Workbook, report: RenderedReport, name?: string): ExcelJS.Worksheet {
  const width = report.columns.length + 1;
  const headerTop = 2 + (report.fixed.length > 0 ? 1 : 0);
  const dataTop = headerTop + report.header.rows;
  const sheet = workbook.addWorksheet((name ?? report.title).slice(0, 31).replace(/[\\/?*[\]:]/g, ' '), {
    views: [{ state: 'frozen', xSplit: 1, ySplit: dataTop - 1 }],
  });
  sheet.getColumn(1).width = 24;
  report.columns.forEach((c, i) => {
    sheet.getColumn(i + 2).width = c.width ?? (c.format === 'amount' ? 16 : 12);
  });

  sheet.mergeCells(1, 1, 1, width);
  const title = sheet.getCell(1, 1);
  title.value = neutraliseText(report.form_no ? `${report.title}（${report.form_no}）` : report.title);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };

  if (report.fixed.length > 0) {
    let col = 1;
    for (const f of report.fixed) {
      if (col > width) break;
      const end = Math.min(width, col + f.span - 1);
      if (end > col) sheet.mergeCells(2, col, 2, end);
      const cell = sheet.getCell(2, col);
      cell.value = neutraliseText(f.text);
      cell.alignment = { horizontal: f.align };
      col = end + 1;
    }
  }

  for (const h of report.header.cells) {
    const top = headerTop + h.row;
    const left = h.col + 1;
    if (h.rowSpan > 1 || h.colSpan > 1) sheet.mergeCells(top, left, top + h.rowSpan - 1, left + h.colSpan - 1);
    const cell = sheet.getCell(top, left);
    cell.value = neutraliseText(h.text);
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  for (let r = headerTop; r < dataTop; r += 1) for (let c = 1; c <= width; c += 1) sheet.getCell(r, c).border = THIN;

  report.rows.forEach((row, i) => {
    const excelRow = sheet.getRow(dataTop + i);
    const label = excelRow.getCell(1);
    label.value = neutraliseText(row.label);
    label.alignment = { indent: Math.min(row.depth, 6) };
    report.columns.forEach((c, j) => {
      const cell = excelRow.getCell(j + 2);
      const v = displayNumber(c, row.values[c.key] ?? null, report.unit);
      cell.value = typeof v === 'string' ? neutraliseText(v) : v;
      const fmt = numberFormat(c);
      if (fmt) cell.numFmt = fmt;
    });
    if (row.kind !== 'detail') excelRow.font = { bold: true };
    for (let c = 1; c <= width; c += 1) excelRow.getCell(c).border = THIN;
  });
  return sheet;
}

/** Writes one report (or several, one sheet each) to an XLSX file. */
export async function writeReportXlsx(
  reports: RenderedReport | readonly RenderedReport[],
  file: string,
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Fundtrail';
  const list = Array.isArray(reports) ? reports : [reports as RenderedReport];
  list.forEach((r, i) => addReportSheet(workbook, r, list.length > 1 ? `${i + 1} ${r.title}` : undefined));
  await workbook.xlsx.writeFile(file);
}

export async function reportXlsxBuffer(report: RenderedReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  addReportSheet(workbook, report);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
