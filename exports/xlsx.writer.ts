/**
 * XLSX through exceljs's streaming WorkbookWriter (rows are committed as they come, so memory stays bounded
 * and no shared-strings table grows): one sheet named after the kind, header row bold and frozen, amounts as
 * numbers formatted '#,##0.00', dates as dates, text always as strings (never formulas) and neutralised as in
 * CSV. A sheet holds at most 1,048,576 rows (Excel's limit); further rows go on `<kind>_2`, `<kind>_3` ….
 *
 * exceljs's sheet stream ignores backpressure: rows committed faster than zlib compresses them pile up in
 * memory (about 480 MB at a million rows). After each batch of rows we wait for the zip entry to drain, which
 * keeps memory flat; compression level 1 trades some file size for about a quarter less time.
 */
import ExcelJS from 'exceljs';
import type { Progress, Warehouse } from '../warehouse/index.ts';
import { neutraliseText } from '../warehouse/index.ts';
import { fenToYuan } from './cell-format.ts';
import type { ExportQuery } from './export-scope.ts';
import type { ExportColumn } from './export.kinds.ts';
import { writeAtomically } from './output-file.ts';

/** Excel's row limit per sheet, the header row included. */
export const XLSX_MAX_ROWS = 1_048_576;

export interface XlsxOptions {
  sheetName: string;
  progress?: Progress | undefined;
  /** rows per sheet including the header (tests lower it to see the split) */
  maxRowsPerSheet?: number | undefined;
}

/** What exceljs 4.4 pipes a sheet's XML into (a readable-stream PassThrough); duck-typed, it is internal. */
interface ZipEntryStream {
  once(event: 'drain', listener: () => void): unknown;
  writableNeedDrain?: boolean;
  _writableState?: { needDrain?: boolean };
}

function zipEntryOf(sheet: ExcelJS.Worksheet): ZipEntryStream | undefined {
  const stream = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream;
  const entry = stream?.pipes?.[0];
  if (typeof entry !== 'object' || entry === null || typeof (entry as ZipEntryStream).once !== 'function')
    return undefined;
  return entry as ZipEntryStream;
}

/** Resolves when the sheet's zip entry has taken what was written so far (at once when nothing is waiting). */
async function drained(sheet: ExcelJS.Worksheet): Promise<void> {
  const entry = zipEntryOf(sheet);
  if (!entry) return;
  if (entry.writableNeedDrain ?? entry._writableState?.needDrain ?? false) {
    await new Promise<void>((resolve) => entry.once('drain', resolve));
  }
}

type CellValue = string | number | Date | null;

function toCell(column: ExportColumn, value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'amount':
      if (typeof value !== 'number') throw new Error(`金额列 ${column.name} 不是整数分: ${String(value)}`);
      return fenToYuan(value);
    case 'integer':
      if (typeof value !== 'number') throw new Error(`整数列 ${column.name} 不是数字: ${String(value)}`);
      return value;
    case 'date':
      if (typeof value !== 'string') throw new Error(`日期列 ${column.name} 不是日期: ${String(value)}`);
      return new Date(`${value}T00:00:00Z`);
    case 'text':
      return neutraliseText(String(value));
  }
}

function columnWidth(column: ExportColumn): number {
  if (column.type === 'amount') return 18;
  if (column.type === 'date') return 12;
  if (column.name === 'hash') return 66;
  return Math.max(10, column.name.length + 2);
}

/** Writes the rows of `query` (amounts in 分) to `file`; returns the number of data rows. */
export async function writeXlsx(
  wh: Warehouse,
  columns: readonly ExportColumn[],
  query: ExportQuery,
  file: string,
  options: XlsxOptions,
): Promise<number> {
  const maxRows = options.maxRowsPerSheet ?? XLSX_MAX_ROWS;
  if (maxRows < 2) throw new Error('每个工作表至少要容纳表头和一行数据');
  return writeAtomically(file, async (part) => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: part,
      useStyles: true,
      useSharedStrings: false,
      zip: { zlib: { level: 1 } },
    });
    let sheet: ExcelJS.Worksheet | undefined;
    let sheetCount = 0;
    let rowsInSheet = 0;
    let rows = 0;

    const openSheet = (): ExcelJS.Worksheet => {
      sheet?.commit();
      sheetCount += 1;
      const name = sheetCount === 1 ? options.sheetName : `${options.sheetName}_${sheetCount}`;
      const next = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
      next.columns = columns.map((c) => ({
        header: c.name,
        key: c.name,
        width: columnWidth(c),
        ...(c.type === 'amount' ? { style: { numFmt: '#,##0.00' } } : {}),
        ...(c.type === 'date' ? { style: { numFmt: 'yyyy-mm-dd' } } : {}),
      }));
      const header = next.getRow(1);
      header.font = { bold: true };
      header.commit();
      rowsInSheet = 1;
      return next;
    };

    for await (const batch of wh.stream(query.sql, query.params)) {
      for (const record of batch) {
        if (!sheet || rowsInSheet >= maxRows) sheet = openSheet();
        sheet.addRow(columns.map((c) => toCell(c, record[c.name]))).commit();
        rowsInSheet += 1;
        rows += 1;
      }
      options.progress?.update(rows);
      if (sheet) await drained(sheet);
    }
    if (!sheet) sheet = openSheet();
    sheet.commit();
    await workbook.commit();
    return rows;
  });
}
