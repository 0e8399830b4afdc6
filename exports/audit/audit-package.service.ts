/**
 * `exportAudit`: the 专员办 audit package of one region (and everything below it) and one budget year, written
 * into an empty directory: every table of audit.tables.ts as CSV, XLSX and Parquet, 数据字典.md and
 * manifest.json (row counts, SHA-256 of every file, the head of the ledger's hash chain). Everything is read in
 * one transaction, so the journal, the chain and the head agree even while documents are being registered.
 * Files are 0600 in a 0700 directory; with a passphrase every file but the manifest is encrypted
 * (file-crypto.ts) and the plaintext removed.
 */
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError, type Warehouse } from '../../warehouse/index.ts';
import { writeCsv, writeCsvFromParquet } from '../csv.writer.ts';
import { writeParquet } from '../parquet.writer.ts';
import {
  releaseXlsxFacts,
  studyForXlsx,
  writeXlsx,
  writeXlsxFromParquet,
  type XlsxFacts,
  type XlsxOptions,
} from '../xlsx.writer.ts';
import type { ExportQuery } from '../export-scope.ts';
import type { ZipDigest } from '../zip.writer.ts';
import type { ExportFormat } from '../export.kinds.ts';
import { AUDIT_MARTS, AUDIT_TABLES, type AuditScope, type AuditTable } from './audit.tables.ts';
import { DICTIONARY_FILE, dictionaryText } from './audit-dictionary.ts';
import { MANIFEST_FILE, MANIFEST_FORMAT, type Manifest, type ManifestFile } from './audit.manifest.ts';
import { checkPassphrase, encryptFile } from './file-crypto.ts';
import { sha256File } from './file-hash.ts';

export const ALL_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'parquet'];

export interface AuditProgressEvent {
  phase: 'counting' | 'writing' | 'hashing' | 'encrypting' | 'done';
  table?: string | undefined;
  format?: ExportFormat | undefined;
  /** rows written so far over all tables and formats, and the total to write */
  rowsDone: number;
  rowsTotal: number;
  /** each table's rows, known once counted (before anything is written) */
  counts?: { name: string; title: string; rows: number }[] | undefined;
}

export interface AuditOptions extends AuditScope {
  outDir: string;
  /** who asked (the access log and the manifest) */
  createdBy: string;
  /** formats to write (default all three) */
  formats?: readonly ExportFormat[] | undefined;
  /** encrypt every file but the manifest under this passphrase */
  passphrase?: string | undefined;
  onProgress?: ((event: AuditProgressEvent) => void) | undefined;
  /** rows per XLSX sheet including the header; only tests lower it */
  xlsxMaxRowsPerSheet?: number | undefined;
  /** the tables (tests may pass a subset); default all */
  tables?: readonly AuditTable[] | undefined;
}

export interface AuditResult {
  dir: string;
  manifest: Manifest;
  /** data rows over all tables (each counted once, not per format) */
  rows: number;
}

/** Parquet first: CSV and XLSX read the rows back from the Parquet file instead of running the query again. */
function writingOrder(formats: readonly ExportFormat[]): ExportFormat[] {
  const order: readonly ExportFormat[] = ['parquet', 'csv', 'xlsx'];
  return order.filter((f) => formats.includes(f));
}

async function checkInputs(wh: Warehouse, options: AuditOptions): Promise<string | null> {
  if (!Number.isInteger(options.year) || options.year < 1900 || options.year > 2999) {
    throw new UserError('EXPORT_YEAR_INVALID', `预算年度 ${options.year} 无效: 应为四位年份, 如 2020`, 2);
  }
  const region = await wh.one<{ name: string | null }>('select name from raw.region_current where code = $1', [
    options.region,
  ]);
  if (!region) throw new UserError('EXPORT_REGION_UNKNOWN', `区划代码 ${options.region} 不存在`, 2);
  for (const mart of AUDIT_MARTS) {
    const [schema, table] = mart.split('.') as [string, string];
    const found = await wh.value<number>(
      `select count(*) from duckdb_tables() where database_name = current_database() and schema_name = $1 and table_name = $2`,
      [schema, table],
    );
    if (Number(found) === 0) {
      throw new UserError('EXPORT_NEEDS_BUILD', `审计数据包读取 ${mart}, 它还没有构建: 请先运行 fundtrail build`);
    }
  }
  if (options.passphrase !== undefined) checkPassphrase(options.passphrase);
  return region.name;
}

async function prepareDir(outDir: string): Promise<string> {
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if ((await readdir(dir)).length > 0) {
    throw new UserError('AUDIT_OUT_NOT_EMPTY', `输出目录 ${dir} 不是空目录: 审计数据包需要一个新的空目录`, 2);
  }
  await chmod(dir, 0o700);
  return dir;
}

/** Counts every table of the scope (the job shows the count before it writes). */
export async function countAudit(
  wh: Warehouse,
  scope: AuditScope,
  tables: readonly AuditTable[] = AUDIT_TABLES,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const tb of tables) {
    const q = tb.query(scope, false);
    counts.set(tb.name, Number(await wh.value<number>(`select count(*) from (${q.sql}) as x`, q.params)));
  }
  return counts;
}

async function ledgerHead(wh: Warehouse): Promise<Manifest['ledger']> {
  const row = await wh.one<{ postings: number; head_hash: string | null }>(
    `select count(*)::bigint as postings, (select hash from ledger.postings order by posting_id desc limit 1) as head_hash
     from ledger.postings`,
  );
  return { postings: Number(row?.postings ?? 0), head_hash: row?.head_hash ?? '0'.repeat(64) };
}

async function journalTotals(wh: Warehouse, scope: AuditScope, tables: readonly AuditTable[]) {
  const journal = tables.find((tb) => tb.name === 'journal');
  if (!journal) return { journal_debit_fen: 0, journal_credit_fen: 0 };
  const q = journal.query(scope, false);
  const row = await wh.one<{ d: number | null; c: number | null }>(
    `select sum(debit)::bigint as d, sum(credit)::bigint as c from (${q.sql}) as x`,
    q.params,
  );
  return { journal_debit_fen: Number(row?.d ?? 0), journal_credit_fen: Number(row?.c ?? 0) };
}

/**
 * Writes one table in one format; CSV and XLSX read the rows back from the table's Parquet file when the package
 * has one (it is written first) instead of running the query again. With an XLSX to write too, the file is
 * studied once for both (`facts`): the CSV is written as plain lines when no text value needs quoting or the guard.
 */
async function writeTableFile(
  tx: Warehouse,
  columns: AuditTable['columns'],
  format: ExportFormat,
  source: { query: ExportQuery; parquet: string | undefined; facts: XlsxFacts | undefined },
  file: string,
  xlsxOptions: XlsxOptions,
): Promise<number> {
  const { query, parquet, facts } = source;
  if (format === 'parquet') return writeParquet(tx, columns, query, file);
  if (format === 'csv') {
    return parquet !== undefined
      ? writeCsvFromParquet(tx, columns, parquet, file, { plainText: facts?.plainText })
      : writeCsv(tx, columns, query, file);
  }
  return parquet !== undefined
    ? writeXlsxFromParquet(tx, columns, parquet, file, xlsxOptions)
    : writeXlsx(tx, columns, query, file, xlsxOptions);
}

/**
 * The package's files with their hashes, in manifest order: table by table, each table's formats in ALL_FORMATS
 * order. A file DuckDB wrote is hashed from disk while the next one is being written; a workbook brings the
 * digest the XLSX writer took as it wrote it.
 */
class FileHashes {
  private readonly files: { table: number; format: number; file: Promise<ManifestFile> }[] = [];

  add(table: number, entry: Omit<ManifestFile, 'sha256' | 'bytes'>, source: string | ZipDigest): void {
    const digest = typeof source === 'string' ? sha256File(source) : Promise.resolve(source);
    const file = digest.then((d): ManifestFile => ({ ...entry, ...d }));
    file.catch(() => undefined); // awaited in all() or settle(); a failure before that must not go unhandled
    this.files.push({ table, format: ALL_FORMATS.indexOf(entry.format as ExportFormat), file });
  }

  async all(): Promise<ManifestFile[]> {
    const sorted = [...this.files].sort((a, b) => a.table - b.table || a.format - b.format);
    return Promise.all(sorted.map((f) => f.file));
  }

  /** Waits for the hashing under way to end (before a failed package's directory is removed). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.files.map((f) => f.file));
  }
}

/** What writing one table of the package needs from the package. */
interface PackageRun {
  tx: Warehouse;
  dir: string;
  options: AuditOptions;
  counts: ReadonlyMap<string, number>;
  hashing: FileHashes;
  emit: (event: AuditProgressEvent) => void;
  /** rows written so far over all tables and formats, and the total */
  rows: { done: number; total: number };
}

/**
 * Writes one table in each of its formats, Parquet first; checks each file's rows against the count and hands it
 * to the hashing. With both CSV and XLSX, the XLSX writer's study of the Parquet file is made before the CSV so
 * that the CSV can use it too, and released after the workbook.
 */
async function writeTable(run: PackageRun, tableIndex: number, tb: AuditTable, formats: readonly ExportFormat[]) {
  const { tx, dir, options, rows, emit } = run;
  const query = tb.query({ region: options.region, year: options.year });
  const order = writingOrder(formats);
  const done = new Set<ExportFormat>();
  let facts: XlsxFacts | undefined;
  try {
    for (const format of order) {
      const path = `${tb.name}.${format}`;
      const file = join(dir, path);
      const progress = (n: number) =>
        emit({ phase: 'writing', table: tb.name, format, rowsDone: rows.done + n, rowsTotal: rows.total });
      progress(0);
      const parquet = done.has('parquet') ? join(dir, `${tb.name}.parquet`) : undefined;
      if (parquet !== undefined && format === 'csv' && order.includes('xlsx')) {
        facts = await studyForXlsx(tx, tb.columns, parquet, options.xlsxMaxRowsPerSheet);
      }
      let digest: ZipDigest | undefined;
      const xlsxOptions: XlsxOptions = {
        sheetName: tb.name,
        maxRowsPerSheet: options.xlsxMaxRowsPerSheet,
        facts,
        onDigest: (d: ZipDigest) => (digest = d),
        progress: { start: () => undefined, stop: () => undefined, update: progress },
      };
      const written = await writeTableFile(tx, tb.columns, format, { query, parquet, facts }, file, xlsxOptions);
      const expected = run.counts.get(tb.name);
      if (written !== expected) throw new Error(`${path}: 写出 ${written} 行, 计数为 ${expected}`);
      rows.done += written;
      done.add(format);
      // the XLSX writer hashed the workbook as it wrote it; the files DuckDB wrote are read back
      run.hashing.add(tableIndex, { path, table: tb.name, format }, digest ?? file);
    }
  } finally {
    if (facts) await releaseXlsxFacts(tx, facts);
  }
}

export async function exportAudit(wh: Warehouse, options: AuditOptions): Promise<AuditResult> {
  const regionName = await checkInputs(wh, options);
  const dir = await prepareDir(options.outDir);
  const tables = options.tables ?? AUDIT_TABLES;
  const formats = options.formats ?? ALL_FORMATS;
  const scope: AuditScope = { region: options.region, year: options.year };
  const emit = options.onProgress ?? (() => undefined);
  try {
    return await wh.transaction(async (tx) => {
      emit({ phase: 'counting', rowsDone: 0, rowsTotal: 0 });
      const counts = await countAudit(tx, scope, tables);
      const formatsOf = (tb: AuditTable) => formats.filter((f) => (tb.formats ?? ALL_FORMATS).includes(f));
      const rowsTotal = tables.reduce((s, tb) => s + (counts.get(tb.name) ?? 0) * formatsOf(tb).length, 0);
      const rows = { done: 0, total: rowsTotal };
      const countList = tables.map((tb) => ({ name: tb.name, title: tb.title, rows: counts.get(tb.name) ?? 0 }));
      emit({ phase: 'writing', rowsDone: 0, rowsTotal, counts: countList });
      // each file is hashed while the next one is written (the hashes are awaited before the manifest)
      const hashing = new FileHashes();
      try {
        for (const [tableIndex, tb] of tables.entries()) {
          await writeTable({ tx, dir, options, counts, hashing, emit, rows }, tableIndex, tb, formatsOf(tb));
        }
      } catch (err) {
        await hashing.settle();
        throw err;
      }
      const files = await hashing.all();
      await writeFile(join(dir, DICTIONARY_FILE), dictionaryText(tables, scope, regionName, counts), { mode: 0o600 });
      files.push({ path: DICTIONARY_FILE, format: 'md', ...(await sha256File(join(dir, DICTIONARY_FILE))) });
      const manifest: Manifest = {
        format: MANIFEST_FORMAT,
        created_at: new Date().toISOString(),
        created_by: options.createdBy,
        scope: { region: scope.region, region_name: regionName, year: scope.year },
        ledger: await ledgerHead(tx),
        totals: await journalTotals(tx, scope, tables),
        tables: tables.map((tb) => ({ name: tb.name, title: tb.title, rows: counts.get(tb.name) ?? 0 })),
        files,
        encryption: options.passphrase === undefined ? null : { cipher: 'aes-256-gcm', kdf: 'scrypt' },
      };
      if (options.passphrase !== undefined) {
        emit({ phase: 'encrypting', rowsDone: rows.done, rowsTotal });
        for (const f of files) {
          const plain = join(dir, f.path);
          await encryptFile(plain, `${plain}.enc`, options.passphrase);
          await rm(plain);
          f.encrypted = { path: `${f.path}.enc`, ...(await sha256File(`${plain}.enc`)) };
        }
      }
      for (const f of files) await chmod(join(dir, f.encrypted?.path ?? f.path), 0o600);
      await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
      emit({ phase: 'done', rowsDone: rows.done, rowsTotal });
      return { dir, manifest, rows: [...counts.values()].reduce((s, n) => s + n, 0) };
    });
  } catch (err) {
    // a failed package leaves nothing half-written behind
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
