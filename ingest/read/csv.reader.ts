/**
 * CSV with DuckDB as the parser. The header is read here (DuckDB renames duplicate or empty header cells; we
 * need them as written); the body is a `read_csv(...)` relation with every cell as text in columns c0..cN by
 * position, which the caller scans once into a table (`materialize`). DuckDB keeps file order, so row k of
 * that table is record k + 2 of the file (header = row 1), shifted by the records DuckDB set aside (wrong
 * column count, truncated last row), whose record numbers it reports: see `rowNoSql`.
 *
 * Records, not physical lines, are counted: a quoted cell spanning several lines is one row, as in a
 * spreadsheet. Limitation: blank lines are skipped by DuckDB and not counted, so the row numbers of the rows
 * after a blank line are one lower (per blank line) than a text editor's line numbers.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { sqlIdent, sqlString, UserError, type Warehouse } from '../../warehouse/index.ts';
import { fileMessage } from '../errors.catalog.ts';
import { detectDelimiter, parseFirstRecord } from './csv-record.parser.ts';
import type { BrokenRow } from './source-table.types.ts';

/** DuckDB found bytes that are not UTF-8: the caller transcodes from GB18030 and reads again. */
export class NotUtf8Error extends Error {
  constructor(readonly rowNo: number) {
    super(`第 ${rowNo} 行不是 UTF-8 编码`);
  }
}

/** Scans `relation` (columns c0..cN, and row_no when the source numbers its rows) into a table. */
export type Materialize = (relation: string, headers: string[], hasRowNo: boolean) => Promise<void>;

export interface CsvScanResult {
  headers: string[];
  brokenRows: BrokenRow[];
}

const HEAD_BYTES = 1 << 20;

function readHeadText(path: string): { text: string; whole: boolean } {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    return { text: text.startsWith('\uFEFF') ? text.slice(1) : text, whole: n === size };
  } finally {
    closeSync(fd);
  }
}

const refuse = (detail: string): UserError =>
  new UserError('E_CSV_UNREADABLE', fileMessage('E_CSV_UNREADABLE', detail));

type DuckReject = {
  line: number;
  error_type: string;
  csv_line: string | null;
  error_message: string;
};

/**
 * Reads `path` (UTF-8) through `materialize`. With `rowNoColumn`, the file's first column holds the row
 * numbers (a converted spreadsheet) and is not a data column. `tmp` prefixes DuckDB's rejects tables.
 */
export async function scanCsv(
  wh: Warehouse,
  path: string,
  options: { rowNoColumn?: boolean; displayName: string; tmp: string },
  materialize: Materialize,
): Promise<CsvScanResult> {
  const { text, whole } = readHeadText(path);
  if (text.trim() === '') throw new UserError('E_FILE_EMPTY', fileMessage('E_FILE_EMPTY', options.displayName));
  const delimiter = detectDelimiter(text);
  const header = parseFirstRecord(text, delimiter);
  if (!header.complete) throw refuse(`${options.displayName}: 表头行引号未闭合`);
  const cells = options.rowNoColumn ? header.cells.slice(1) : header.cells;
  const headers = cells.map((h) => h.trim());
  const columns = headers.map((_, i) => `c${i}`);
  const hasRowNo = Boolean(options.rowNoColumn);

  if (whole && text.slice(header.length).trim() === '') {
    // Header only: a file with no rows loads as zero rows.
    const empty = `(select ${hasRowNo ? 'cast(null as bigint) as row_no, ' : ''}${columns
      .map((c) => `cast(null as varchar) as ${c}`)
      .join(', ')} where false)`;
    await materialize(empty, headers, hasRowNo);
    return { headers, brokenRows: [] };
  }

  const rejectsTable = `${options.tmp}_rj`;
  const rejectsScan = `${options.tmp}_rs`;
  const columnTypes = [...(hasRowNo ? [`'row_no': 'BIGINT'`] : []), ...columns.map((c) => `'${c}': 'VARCHAR'`)].join(
    ', ',
  );
  const relation = `read_csv(${sqlString(path)},
    auto_detect = false, header = true, delim = ${sqlString(delimiter)}, quote = '"', escape = '"',
    columns = {${columnTypes}}, store_rejects = true,
    rejects_table = ${sqlString(rejectsTable)}, rejects_scan = ${sqlString(rejectsScan)},
    max_line_size = 8000000)`;
  try {
    await materialize(relation, headers, hasRowNo);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof UserError || !/CSV|csv|Invalid Input/.test(message)) throw err;
    throw refuse(`${options.displayName}: ${message.split('\n')[0] ?? ''}`);
  }
  const rejects = await wh.all<DuckReject>(
    `select line, error_type, csv_line, error_message from ${sqlIdent(rejectsTable)} order by line`,
  );
  await wh.run(`drop table if exists ${sqlIdent(rejectsTable)}; drop table if exists ${sqlIdent(rejectsScan)}`);
  return { headers, brokenRows: brokenRowsOf(rejects, headers.length, delimiter, hasRowNo, options.displayName) };
}

function brokenRowsOf(
  rejects: DuckReject[],
  width: number,
  delimiter: string,
  hasRowNo: boolean,
  displayName: string,
): BrokenRow[] {
  const brokenRows: BrokenRow[] = [];
  const seen = new Set<number>();
  for (const r of rejects) {
    if (seen.has(r.line)) continue;
    seen.add(r.line);
    const line = (r.csv_line ?? '').replace(/^[\r\n]+/, '');
    const found = parseFirstRecord(line, delimiter).cells;
    const cells = hasRowNo ? found.slice(1) : found;
    if (r.error_type === 'INVALID ENCODING') throw new NotUtf8Error(r.line);
    if (r.error_type === 'UNQUOTED VALUE' && !/[\r\n]/.test(line.replace(/[\r\n]+$/, ''))) {
      brokenRows.push({ rowNo: r.line, code: 'E_ROW_TRUNCATED', detail: '', cells });
    } else if (r.error_type === 'MISSING COLUMNS' || r.error_type === 'TOO MANY COLUMNS') {
      brokenRows.push({
        rowNo: r.line,
        code: 'E_COLUMN_COUNT',
        detail: `表头 ${width} 列, 本行 ${cells.length} 列`,
        cells,
      });
    } else if (r.error_type === 'UNQUOTED VALUE') {
      throw refuse(`${displayName}: 第 ${r.line} 行起引号未闭合`);
    } else {
      throw refuse(`${displayName}: 第 ${r.line} 行: ${r.error_message}`);
    }
  }
  return brokenRows;
}

/**
 * SQL for the row number of the rows of `table`, scanned in file order: record k + 2, plus one for each
 * set-aside record before it (accepted row k follows the j-th set-aside record p_j when k >= p_j - 2 - j).
 * k counts from the table's first rowid: rows written inside an uncommitted transaction get rowids from
 * 2^62 on. Creates the small `<table>_shift` table it needs; returns the select of `row_no, *` from `table`.
 */
export async function rowNoSql(wh: Warehouse, table: string, broken: readonly BrokenRow[]): Promise<string> {
  const t = sqlIdent(table);
  const base = `(select coalesce(min(rowid), 0) from ${t})`;
  if (broken.length === 0) return `select rowid - ${base} + 2 as row_no, * from ${t}`;
  const shiftName = `${table}_shift`;
  const shifts = sqlIdent(shiftName);
  await wh.run(`create or replace temp table ${shifts} (threshold bigint, k bigint)`);
  await wh.append(
    shiftName,
    broken.map((b, j) => [b.rowNo - 2 - j, j + 1]),
  );
  return `select r.rowid - ${base} + 2 + coalesce(s.k, 0) as row_no, r.*
    from ${t} as r
    asof left join (select threshold + ${base} as threshold, max(k) as k from ${shifts} group by all) as s
      on r.rowid >= s.threshold`;
}
