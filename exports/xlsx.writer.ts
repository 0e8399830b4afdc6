/**
 * XLSX written by DuckDB and a small ZIP writer, fast enough for a province's 30 million payments (exceljs,
 * which this replaces, wrote about 24,000 rows a second from JavaScript: 25 minutes for the audit package).
 *
 * The rows are first in a Parquet file (the export's own Parquet file when there is one, else a scratch file
 * written here): it fixes their order, numbers them (file_row_number) and holds amounts as DECIMAL 元. For each
 * sheet of at most 1,048,576 rows, one DuckDB COPY renders its rows as sheet XML (xlsx-rows.sql.ts) into a
 * scratch file, and Node deflates that file into memory (zip.writer.ts), two or three sheets at once on zlib's
 * threads while DuckDB renders the next, and adds the sheets to the zip in order.
 * The text columns whose values repeat are written once, in the shared-string table (xlsx-shared-strings.sql.ts),
 * and referenced by index from the cells.
 * The scratch files are on tmpfs (/dev/shm) when it has room, so a sheet's XML (about 0.7 GB of payments)
 * never reaches the disk. A named pipe from DuckDB to Node was measured first: with the pipe's 64 KB buffer a
 * sheet crossed in about 10,000 hand-overs between the processes' threads and read at about 130 MB/s on this
 * 2-core machine, against about 500 MB/s from the file. A sheet is named after the export, further sheets
 * `<name>_2`, `<name>_3` …; each starts with the bold, frozen header row.
 */
import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqlString, type Progress, type Warehouse } from '../warehouse/index.ts';
import { QUOTELESS } from './csv.writer.ts';
import type { ExportQuery } from './export-scope.ts';
import type { ExportColumn } from './export.kinds.ts';
import { writeAtomically } from './output-file.ts';
import { writeParquet } from './parquet.writer.ts';
import {
  SHARED_STRINGS_EPILOGUE,
  SHARED_STRINGS_PATH,
  SHEET_EPILOGUE,
  contentTypesXml,
  rootRelsXml,
  sheetNameOf,
  sheetPath,
  sharedStringsPrologue,
  sheetPrologue,
  stylesXml,
  workbookRelsXml,
  workbookXml,
} from './xlsx-parts.xml.ts';
import { needsCareSql, notPlainSql, xlsxRowSql } from './xlsx-rows.sql.ts';
import {
  chooseSharedColumns,
  codeColumn,
  codesSelectSql,
  createSharedStrings,
  dropSharedStrings,
  sharedItemsSql,
  type SharedStrings,
} from './xlsx-shared-strings.sql.ts';
import { ZipWriter, deflateParts, type DeflatedEntry, type ZipDigest } from './zip.writer.ts';

/** The file's shared strings, if any of its text columns repeat enough (xlsx-shared-strings.sql.ts). */
async function sharedStrings(
  wh: Warehouse,
  parquetFile: string,
  columns: readonly ExportColumn[],
): Promise<SharedStrings | undefined> {
  return createSharedStrings(wh, parquetFile, await chooseSharedColumns(wh, parquetFile, columns));
}

/** Excel's row limit per sheet, the header row included. */
export const XLSX_MAX_ROWS = 1_048_576;

export interface XlsxOptions {
  sheetName: string;
  progress?: Progress | undefined;
  /** rows per sheet including the header (tests lower it to see the split) */
  maxRowsPerSheet?: number | undefined;
  /** ZIP64 records even when not needed (tests) */
  forceZip64?: boolean | undefined;
  /** told the finished file's SHA-256 and size, taken as it was written (the audit manifest needs them) */
  onDigest?: ((digest: ZipDigest) => void) | undefined;
  /** the file studied already (`studyForXlsx` with the same rows per sheet); the caller releases it */
  facts?: XlsxFacts | undefined;
}

/**
 * Sheets in hand at once: rendered by DuckDB (one after another), deflated (on zlib's threads, as many at a
 * time) or waiting for their turn in the zip. With one rendered while one was deflated, a core stood idle
 * whenever the two took unequal times, and the single deflate was the critical path (a sheet of payments: about
 * 1.3 s to deflate, 0.7 s to render on two threads).
 */
const SHEETS_IN_HAND = 3;

/** tmpfs for the scratch sheets when it has room for SHEETS_IN_HAND of the largest (about 0.5 GB of payments). */
const TMPFS = '/dev/shm';
const TMPFS_NEEDED = 4 * 2 ** 30;

async function scratchDir(): Promise<string> {
  const roomy = await statfs(TMPFS).then(
    (s) => s.bavail * s.bsize >= TMPFS_NEEDED,
    () => false,
  );
  return mkdtemp(join(roomy ? TMPFS : tmpdir(), 'fundtrail-xlsx-'));
}

/** Renders the one-column `select` as lines of XML into `path` (no quoting: xlsx-rows.sql.ts says why). */
async function copyXml(wh: Warehouse, select: string, path: string, params: readonly number[] = []): Promise<void> {
  await wh.run(
    `copy (${select}) to ${sqlString(path)} (format csv, header false, ${QUOTELESS}, new_line '\\n')`,
    params,
  );
}

/**
 * The sheets (1-based) with a row whose inline text needs escaping, stripping or the formula guard: one pass over
 * the file's inline text columns, so that the other sheets (nearly all, as a rule) skip the per-row check.
 */
async function sheetsNeedingCare(
  wh: Warehouse,
  columns: readonly ExportColumn[],
  parquetFile: string,
  perSheet: number,
  codes: ReadonlyMap<string, string>,
): Promise<Set<number>> {
  const check = needsCareSql(columns, 'x', codes);
  if (check === undefined) return new Set();
  const rows = await wh.all<{ sheet: number }>(
    `select distinct (x.file_row_number // $1 + 1)::bigint as sheet
     from read_parquet(${sqlString(parquetFile)}, file_row_number = true) as x
     where ${check}`,
    [perSheet],
  );
  return new Set(rows.map((r) => Number(r.sheet)));
}

/**
 * What the writer learns of a Parquet file before it renders a sheet: its rows, its shared strings and the sheets
 * whose inline text needs care. `plainText` says every text value of the file is plain (nothing to escape, quote
 * or guard, no empty string): then its CSV can be written as joined lines (csv.writer.ts), which the audit
 * package asks before it writes the CSV. Release with `releaseXlsxFacts` (the shared strings are a session type).
 */
export interface XlsxFacts {
  parquetFile: string;
  rows: number;
  perSheet: number;
  shared: SharedStrings | undefined;
  /** each shared column's index expression in a sheet's select, by column name */
  codes: ReadonlyMap<string, string>;
  careful: ReadonlySet<number>;
  plainText: boolean;
}

/** Whether the file's footer proves that no text value is empty: each row group with values has a minimum, not ''. */
async function noEmptyText(wh: Warehouse, parquetFile: string, columns: readonly ExportColumn[]): Promise<boolean> {
  const texts = columns.filter((c) => c.type === 'text').map((c) => c.name);
  if (texts.length === 0) return true;
  const unsure = await wh.value<number>(
    `select count(*) from parquet_metadata(${sqlString(parquetFile)})
     where path_in_schema in (${texts.map(sqlString).join(', ')})
       and (stats_min_value = '' or (stats_min_value is null and coalesce(stats_null_count, 0) < row_group_num_rows))`,
  );
  return Number(unsure) === 0;
}

/** Studies `parquetFile` for the sheets of `maxRowsPerSheet` rows (the header included). */
export async function studyForXlsx(
  wh: Warehouse,
  columns: readonly ExportColumn[],
  parquetFile: string,
  maxRowsPerSheet: number = XLSX_MAX_ROWS,
): Promise<XlsxFacts> {
  if (!Number.isSafeInteger(maxRowsPerSheet) || maxRowsPerSheet < 2) {
    throw new Error('每个工作表至少要容纳表头和一行数据');
  }
  const perSheet = maxRowsPerSheet - 1;
  const rows = Number(await wh.value<number>(`select count(*) from read_parquet(${sqlString(parquetFile)})`));
  const shared = rows > 0 ? await sharedStrings(wh, parquetFile, columns) : undefined;
  try {
    const codes = new Map(shared?.columns.map((c, i) => [c, `x.${codeColumn(i)}`]));
    const careful = await sheetsNeedingCare(wh, columns, parquetFile, perSheet, codes);
    const sharedPlain =
      shared === undefined ||
      Number(
        await wh.value<number>(
          `select count(*) from (select unnest(enum_range(null::${shared.type}))::varchar as v) as s
           where ${notPlainSql('s.v')}`,
        ),
      ) === 0;
    const plainText = rows > 0 && careful.size === 0 && sharedPlain && (await noEmptyText(wh, parquetFile, columns));
    return { parquetFile, rows, perSheet, shared, codes, careful, plainText };
  } catch (err) {
    if (shared) await dropSharedStrings(wh, shared).catch(() => undefined);
    throw err;
  }
}

export async function releaseXlsxFacts(wh: Warehouse, facts: XlsxFacts): Promise<void> {
  // after a failed statement the transaction is aborted and the type goes with it
  if (facts.shared) await dropSharedStrings(wh, facts.shared).catch(() => undefined);
}

/** Writes the rows of `query` (amounts in 分) to `file`; returns the number of data rows. */
export async function writeXlsx(
  wh: Warehouse,
  columns: readonly ExportColumn[],
  query: ExportQuery,
  file: string,
  options: XlsxOptions,
): Promise<number> {
  const scratch = await mkdtemp(join(tmpdir(), 'fundtrail-xlsx-'));
  try {
    const rows = join(scratch, 'rows.parquet');
    await writeParquet(wh, columns, query, rows);
    return await writeXlsxFromParquet(wh, columns, rows, file, options);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Writes the rows of a Parquet file that parquet.writer.ts wrote for `columns` (amounts DECIMAL 元) to `file`,
 * in the file's order; returns the number of data rows.
 */
export async function writeXlsxFromParquet(
  wh: Warehouse,
  columns: readonly ExportColumn[],
  parquetFile: string,
  file: string,
  options: XlsxOptions,
): Promise<number> {
  const given = options.facts;
  if (
    given &&
    (given.parquetFile !== parquetFile || given.perSheet !== (options.maxRowsPerSheet ?? XLSX_MAX_ROWS) - 1)
  ) {
    throw new Error('XLSX: 给定的文件信息不属于这个 Parquet 文件或这个每表行数');
  }
  const facts = given ?? (await studyForXlsx(wh, columns, parquetFile, options.maxRowsPerSheet));
  const { rows, perSheet, shared, codes, careful } = facts;
  const sheets = Math.max(1, Math.ceil(rows / perSheet));
  const names = Array.from({ length: sheets }, (_, i) => sheetNameOf(options.sheetName, i + 1));
  options.progress?.update(0);

  let scratch: string | undefined;
  try {
    scratch = await scratchDir();
    const dir = scratch;
    const select = (index: number): string =>
      xlsxRowSql(columns, 'x', `x.file_row_number - $1 + 2`, codes, careful.has(index));
    // the sheet's rows by file_row_number (DuckDB reads only the row groups in range), with their shared indices
    const source = `(select p.*${shared ? `, ${codesSelectSql(shared, 'p')}` : ''}
      from read_parquet(${sqlString(parquetFile)}, file_row_number = true) as p
      where p.file_row_number >= $1 and p.file_row_number < $2) as x`;
    /** Renders sheet `index` (1-based) into a scratch file; resolves to its path. */
    const render = async (index: number): Promise<string> => {
      const path = join(dir, `sheet${index}.xml`);
      const first = (index - 1) * perSheet;
      await copyXml(wh, `select ${select(index)} from ${source}`, path, [first, first + perSheet]);
      return path;
    };
    await writeAtomically(file, async (part) => {
      const zip = await ZipWriter.create(part, { forceZip64: options.forceZip64 });
      // renders run one after another on the connection; each sheet is deflated as soon as it is rendered
      let renders: Promise<unknown> = Promise.resolve();
      const inHand = new Map<number, Promise<DeflatedEntry>>();
      const prologue = Buffer.from(sheetPrologue(columns), 'utf8');
      const epilogue = Buffer.from(SHEET_EPILOGUE, 'utf8');
      const take = (index: number): void => {
        if (rows === 0 || index > sheets) return;
        const rendered = renders.then(() => render(index));
        renders = rendered;
        const deflated = rendered.then((path) => deflateParts([prologue, path, epilogue]).finally(() => rm(path)));
        rendered.catch(() => undefined); // (the chain) and deflated: awaited in their turn or on failure
        deflated.catch(() => undefined);
        inHand.set(index, deflated);
      };
      try {
        await zip.addFile('[Content_Types].xml', contentTypesXml(sheets, shared !== undefined));
        await zip.addFile('_rels/.rels', rootRelsXml());
        await zip.addFile('xl/workbook.xml', workbookXml(names));
        await zip.addFile('xl/_rels/workbook.xml.rels', workbookRelsXml(sheets, shared !== undefined));
        await zip.addFile('xl/styles.xml', stylesXml());
        if (shared) {
          const path = join(dir, 'sharedStrings.xml');
          await copyXml(wh, sharedItemsSql(shared), path);
          const head = Buffer.from(sharedStringsPrologue(shared.count), 'utf8');
          const entry = await deflateParts([head, path, Buffer.from(SHARED_STRINGS_EPILOGUE, 'utf8')]);
          await rm(path);
          await zip.addDeflated(SHARED_STRINGS_PATH, entry);
        }
        for (let index = 1; index <= SHEETS_IN_HAND; index++) take(index);
        for (let index = 1; index <= sheets; index++) {
          const entry = await (inHand.get(index) ?? deflateParts([prologue, epilogue]));
          inHand.delete(index);
          take(index + SHEETS_IN_HAND);
          await zip.addDeflated(sheetPath(index), entry);
          options.progress?.update(Math.min(rows, index * perSheet));
        }
        const digest = await zip.close(); // (not inside `onDigest?.(…)`, which would skip the close without one)
        options.onDigest?.(digest);
      } catch (err) {
        zip.destroy();
        // the COPY and the deflates under way end before their scratch files are removed
        await Promise.allSettled([renders, ...inHand.values()]);
        throw err;
      }
    });
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
    if (!given) await releaseXlsxFacts(wh, facts);
  }
  options.progress?.update(rows);
  return rows;
}
