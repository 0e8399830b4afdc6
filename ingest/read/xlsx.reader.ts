/**
 * XLSX → a temporary UTF-8 CSV, streamed with exceljs's WorkbookReader, which the CSV reader then loads.
 * The first column of the CSV is the sheet's own row number, so rejections name the row the user sees.
 *
 * Sheet: the one named after the entity (English or Chinese name), else the first sheet of the workbook.
 * Cells: Excel date cells → YYYY-MM-DD (with the time when it is not midnight); numbers → their text as Excel
 * shows it in the General format (15 significant digits); formulas → their cached result; rich text and
 * links → their text. Rows with no cell filled are skipped (not counted as read).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify';
import { UserError, type Progress } from '../../warehouse/index.ts';
import { fileMessage } from '../errors.catalog.ts';
import './unzip-guard.ts'; // before any workbook is read: exceljs's reader can lose a valid file's last entries

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function dateText(d: Date): string {
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h || m || s ? `${day} ${pad(h)}:${pad(m)}:${pad(s)}` : day;
}

/** A number as Excel's General format shows it (15 significant digits, no float noise like 0.30000000000000004). */
export function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('error' in value) return value.error;
  if ('result' in value) return cellText(value.result);
  return '';
}

export interface XlsxConversion {
  sheet: string;
  rows: number;
  /** the CSV written (csvPath, or a sibling of it for the first-sheet fallback) */
  csvPath: string;
}

interface SheetMeta {
  id?: number;
  name?: string;
}

function firstSheetId(workbook: ExcelJS.stream.xlsx.WorkbookReader): number | undefined {
  const model: unknown = Reflect.get(workbook, 'model');
  const sheets: unknown = model && typeof model === 'object' ? Reflect.get(model, 'sheets') : undefined;
  return Array.isArray(sheets) ? (sheets[0] as SheetMeta | undefined)?.id : undefined;
}

async function writeSheet(sheet: ExcelJS.stream.xlsx.WorksheetReader, csvPath: string): Promise<number> {
  const out = createWriteStream(csvPath);
  const csv = stringify({ quoted_match: /[\r\n",]/ });
  csv.pipe(out);
  let width = 0;
  let rows = 0;
  for await (const row of sheet) {
    const cells: string[] = [];
    const last = Math.max(width, row.cellCount);
    for (let c = 1; c <= last; c++) cells.push(cellText(row.getCell(c).value));
    if (cells.every((v) => v.trim() === '')) continue;
    if (width === 0) {
      while (cells.length && cells[cells.length - 1]!.trim() === '') cells.pop();
      width = cells.length;
    } else {
      while (cells.length > width && cells[cells.length - 1]!.trim() === '') cells.pop();
      rows++;
    }
    if (!csv.write([String(row.number), ...cells])) await new Promise((r) => csv.once('drain', r));
  }
  csv.end();
  await finished(out);
  return rows;
}

/**
 * A sheet passed over. When a workbook stores its sheets before the shared strings, exceljs parks each sheet in a
 * temporary file and hands it over as a stream already opening that file, then deletes the file as soon as the
 * loop moves on: a stream nobody reads would fail to open it after that (ENOENT, unhandled). Close it instead.
 */
function passOver(sheet: ExcelJS.stream.xlsx.WorksheetReader): void {
  const source: unknown = Reflect.get(sheet, 'iterator');
  if (source instanceof Readable) {
    source.on('error', () => undefined); // a file deleted under a stream we never read is not the user's problem
    source.destroy();
  }
}

/**
 * Converts the chosen sheet to `csvPath`. `isEntitySheet` says whether a sheet name names the entity.
 */
export async function xlsxToCsv(
  path: string,
  csvPath: string,
  options: { isEntitySheet: (name: string) => boolean; progress: Progress; size: number; displayName: string },
): Promise<XlsxConversion> {
  const { progress, size } = options;
  progress.start('读取 XLSX', size, 'B');
  const input = new PassThrough();
  let done = 0;
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  file.on('data', (chunk) => {
    done += chunk.length;
    progress.update(done);
  });
  file.on('error', (err) => input.destroy(err));
  file.pipe(input);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
  });
  let chosen: XlsxConversion | undefined;
  let fallback: XlsxConversion | undefined;
  try {
    for await (const sheet of workbook) {
      const name = String(Reflect.get(sheet, 'name') ?? '');
      const id: unknown = Reflect.get(sheet, 'id');
      if (options.isEntitySheet(name)) {
        chosen = { sheet: name, rows: await writeSheet(sheet, csvPath), csvPath };
        break;
      }
      const first = firstSheetId(workbook);
      if (!fallback && (first === undefined || id === first)) {
        const firstPath = `${csvPath}.first.csv`;
        fallback = { sheet: name, rows: await writeSheet(sheet, firstPath), csvPath: firstPath };
      } else passOver(sheet);
    }
  } catch (err) {
    throw new UserError(
      'E_XLSX_BROKEN',
      fileMessage('E_XLSX_BROKEN', `${options.displayName}: ${err instanceof Error ? err.message : String(err)}`),
    );
  } finally {
    file.destroy();
    progress.stop();
  }
  const result = chosen ?? fallback;
  if (result) return result;
  throw new UserError('E_XLSX_NO_SHEET', fileMessage('E_XLSX_NO_SHEET', options.displayName));
}
