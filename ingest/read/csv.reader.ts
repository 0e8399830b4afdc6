/**
 * Reads a UTF-8 CSV into a temp table with DuckDB as the parser: every cell as text, columns named
 * c0..cN by position (the header as written is read here, since DuckDB renames duplicate or empty header
 * cells), and the spreadsheet row number of each row (header = row 1).
 *
 * Row numbers: DuckDB keeps file order, so row k of the table is record k + 2 of the file, shifted by the
 * records DuckDB set aside (wrong column count, truncated last row), whose record numbers it reports.
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

export interface CsvReadResult {
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
 * Loads `path` into temp table `table` (row_no, c0..cN). With `rowNoColumn`, the file's first column holds
 * the row numbers (a converted spreadsheet) and is not a data column.
 */
export async function readCsv(
  wh: Warehouse,
  path: string,
  table: string,
  options: { rowNoColumn?: boolean; displayName: string },
): Promise<CsvReadResult> {
  const { text, whole } = readHeadText(path);
  if (text.trim() === '') throw new UserError('E_FILE_EMPTY', fileMessage('E_FILE_EMPTY', options.displayName));
  const delimiter = detectDelimiter(text);
  const header = parseFirstRecord(text, delimiter);
  if (!header.complete) throw refuse(`${options.displayName}: 表头行引号未闭合`);
  const cells = options.rowNoColumn ? header.cells.slice(1) : header.cells;
  const headers = cells.map((h) => h.trim());
  const columns = headers.map((_, i) => `c${i}`);
  const target = sqlIdent(table);
  const raw = sqlIdent(`${table}_raw`);
  const rejectsTable = `${table}_rj`;
  const rejectsScan = `${table}_rs`;

  if (whole && text.slice(header.length).trim() === '') {
    // Header only: a file with no rows loads as zero rows.
    await wh.run(`create or replace temp table ${raw} (${columns.map((c) => `${c} varchar`).join(', ')})`);
    await wh.run(`create or replace temp view ${target} as select rowid + 2 as row_no, * from ${raw}`);
    return { headers, brokenRows: [] };
  }

  const columnTypes = [
    ...(options.rowNoColumn ? [`'row_no': 'BIGINT'`] : []),
    ...columns.map((c) => `'${c}': 'VARCHAR'`),
  ].join(', ');
  try {
    await wh.run(
      `create or replace temp table ${raw} as select * from read_csv(${sqlString(path)},
        auto_detect = false, header = true, delim = ${sqlString(delimiter)}, quote = '"', escape = '"',
        columns = {${columnTypes}}, store_rejects = true,
        rejects_table = ${sqlString(rejectsTable)}, rejects_scan = ${sqlString(rejectsScan)},
        max_line_size = 8000000)`,
    );
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
    throw refuse(`${options.displayName}: ${first}`);
  }
  const rejects = await wh.all<DuckReject>(
    `select line, error_type, csv_line, error_message from ${sqlIdent(rejectsTable)} order by line`,
  );
  await wh.run(`drop table if exists ${sqlIdent(rejectsTable)}; drop table if exists ${sqlIdent(rejectsScan)}`);

  const brokenRows: BrokenRow[] = [];
  const seen = new Set<number>();
  for (const r of rejects) {
    if (seen.has(r.line)) continue;
    seen.add(r.line);
    const line = (r.csv_line ?? '').replace(/^[\r\n]+/, '');
    if (r.error_type === 'INVALID ENCODING') throw new NotUtf8Error(r.line);
    if (r.error_type === 'UNQUOTED VALUE' && !/[\r\n]/.test(line.replace(/[\r\n]+$/, ''))) {
      brokenRows.push({ rowNo: r.line, code: 'E_ROW_TRUNCATED', detail: '', cells: parseFirstRecord(line, delimiter).cells });
    } else if (r.error_type === 'MISSING COLUMNS' || r.error_type === 'TOO MANY COLUMNS') {
      const found = parseFirstRecord(line, delimiter).cells;
      brokenRows.push({
        rowNo: r.line,
        code: 'E_COLUMN_COUNT',
        detail: `表头 ${headers.length} 列, 本行 ${found.length - (options.rowNoColumn ? 1 : 0)} 列`,
        cells: options.rowNoColumn ? found.slice(1) : found,
      });
    } else if (r.error_type === 'UNQUOTED VALUE') {
      throw refuse(`${options.displayName}: 第 ${r.line} 行起引号未闭合`);
    } else {
      throw refuse(`${options.displayName}: 第 ${r.line} 行: ${r.error_message}`);
    }
  }

  if (options.rowNoColumn) {
    await wh.run(`create or replace temp view ${target} as select * from ${raw}`);
  } else if (brokenRows.length === 0) {
    await wh.run(`create or replace temp view ${target} as select rowid + 2 as row_no, * from ${raw}`);
  } else {
    // Accepted row k follows the j-th set-aside record p_j (0-based j) when k >= p_j - 2 - j.
    const shifts = sqlIdent(`${table}_shift`);
    await wh.run(`create or replace temp table ${shifts} (threshold bigint, k bigint)`);
    await wh.append(`${table}_shift`, brokenRows.map((b, j) => [b.rowNo - 2 - j, j + 1]));
    await wh.run(
      `create or replace temp view ${target} as
       select r.rowid + 2 + coalesce(t.k, 0) as row_no, r.*
       from ${raw} as r
       asof left join (select threshold, max(k) as k from ${shifts} group by all) as t
         on r.rowid >= t.threshold`,
    );
  }
  return { headers, brokenRows };
}

/** Drops what readCsv created. */
export async function dropCsvTables(wh: Warehouse, table: string): Promise<void> {
  await wh.run(
    `drop view if exists ${sqlIdent(table)};
     drop table if exists ${sqlIdent(`${table}_raw`)};
     drop table if exists ${sqlIdent(`${table}_shift`)}`,
  );
}
