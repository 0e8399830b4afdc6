/**
 * `ingestFile`: one interchange file → the warehouse, in the steps of the ingest brief:
 * read (read/) → map the header (map/) → validate set-based (validate/) → store in ONE transaction (store/,
 * regions/) → rejection report (report/). One file is one load (meta.loads) and one transaction: a refused
 * file changes nothing but its meta.loads row (status 'refused'); a loaded one has accepted + rejected =
 * rows read.
 *
 * The file is scanned once into a temp table of its cells as text, in file order (its rowids give the row
 * numbers, which DuckDB's CSV reader cannot give in a parallel scan). Validation is a view over it. When the
 * file's keys are all new, the good rows go from that view straight into their raw.* table
 * (store/direct.writer.ts); otherwise, and for regions and indicators, the view is first materialised and
 * merged (store/raw-table.writer.ts, store/indicators.writer.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isUserError, silentProgress, sqlIdent, UserError, type Progress, type Warehouse } from '../warehouse/index.ts';
import { resolveEntity, ENTITY_CHOICES } from './entity-names.ts';
import type { EntityName, EntitySpec } from './entity-spec.types.ts';
import { ENTITY_SPECS } from './entity.specs.ts';
import { fileMessage } from './errors.catalog.ts';
import { mapHeaders, type HeaderMapping } from './map/header.mapper.ts';
import { sha256File } from './read/file-hash.ts';
import { readSource, type ReadResult } from './read/source.reader.ts';
import { rowNoSql } from './read/csv.reader.ts';
import { insertGoodRows, keysAreNew } from './store/direct.writer.ts';
import { deriveRegionChanges, REGION_CHANGE_CONTENT } from './regions/region-changes.deriver.ts';
import { chooseLayout } from './regions/region-layout.detector.ts';
import { ensureCentral, projectRegions, REGION_CONTENT } from './regions/regions.projection.ts';
import { writeRejectReport } from './report/rejects.report.ts';
import { postIndicators, type DocumentGuard, type RowGuard } from './store/indicators.writer.ts';
import { nextLoadId, recordLoad, wallClock } from './store/load.recorder.ts';
import { ProblemsTable } from './store/problems.table.ts';
import { mergeIntoRaw, type MergeCounts } from './store/raw-table.writer.ts';
import { buildValidationSelect } from './validate/validation.builder.ts';

/** Files above this size show a progress bar. */
export const PROGRESS_MIN_BYTES = 5 * 1024 * 1024;

export interface IngestOptions {
  progress?: Progress;
  /** where the rejection report goes; default `<dir of the db>/rejects`; null: no report file */
  rejectsDir?: string | null;
  /** files from this size on report progress (default PROGRESS_MIN_BYTES) */
  progressMinBytes?: number;
  /** indicators: checks the staged documents before they are posted (the CLI passes monitoring's red in-flow rules) */
  documentGuard?: DocumentGuard;
  /** payments: checks the file's valid rows before they are stored (the CLI passes monitoring's red in-flow rules) */
  paymentGuard?: RowGuard;
}

export interface IngestSummary {
  load_id: number;
  entity: EntityName;
  file: string;
  status: 'done' | 'refused';
  format: string | null;
  encoding: string | null;
  layout: string | null;
  sheet: string | null;
  rows_read: number;
  /** includes unchanged */
  accepted: number;
  unchanged: number;
  rejected: number;
  /** master data rows that replaced a stored row (the old one is in meta.replaced_rows) */
  replaced: number;
  /** indicators: postings written by the ledger engine */
  postings: number | null;
  /** history file of regions: 区划调整 derived from 新代码 */
  region_changes: MergeCounts | null;
  report: string | null;
  error: { code: string; message: string } | null;
}

export function resolveEntityOrThrow(name: string): EntityName {
  const entity = resolveEntity(name);
  if (!entity) {
    throw new UserError('E_ENTITY_UNKNOWN', fileMessage('E_ENTITY_UNKNOWN', `${name} (可用: ${ENTITY_CHOICES})`), 2);
  }
  return entity;
}

interface StoreResult {
  accepted: number;
  unchanged: number;
  replaced: number;
  rejected: number;
  postings: number | null;
  regionChanges: MergeCounts | null;
}

export async function ingestFile(
  wh: Warehouse,
  entityName: string,
  path: string,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const entity = resolveEntityOrThrow(entityName);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UserError('E_FILE_NOT_FOUND', fileMessage('E_FILE_NOT_FOUND', path), 2);
  }
  const size = statSync(path).size;
  const progress =
    size >= (options.progressMinBytes ?? PROGRESS_MIN_BYTES) ? (options.progress ?? silentProgress) : silentProgress;
  const startedAt = wallClock();
  const loadId = await nextLoadId(wh);
  const tmp = `ingest_${loadId}`;
  const fileName = basename(path);
  const hashing = sha256File(path);
  let source: ReadResult | undefined;
  let layout: string | null = null;
  const problems = new ProblemsTable(wh, `${tmp}_problems`);
  /** the file's cells as text (c0..cN, and row_no when the source numbers its rows), in file order */
  const cellsTable = `${tmp}_cells_raw`;
  /** view: row_no, c0..cN */
  const cells = `${tmp}_cells`;
  /** view: the validation query over `cells` */
  const validated = `${tmp}_val`;
  /** the validation view materialised, for the stores that read it more than once */
  const scanned = `${tmp}_scan`;
  let plan: { spec: EntitySpec; mapping: HeaderMapping } | undefined;
  try {
    // Read the file once, after its header has been mapped (a missing required column refuses it unread).
    source = await readSource(wh, path, {
      tmp,
      progress,
      isEntitySheet: (sheet) => resolveEntity(sheet) === entity,
      materialize: async (relation, headers) => {
        const chosen = chooseLayout(ENTITY_SPECS[entity], headers);
        layout = chosen.layout;
        plan = { spec: chosen.spec, mapping: mapHeaders(chosen.spec, headers) };
        await wh.run(`create or replace temp table ${sqlIdent(cellsTable)} as select * from ${relation}`);
      },
    });
    if (!plan) throw new Error('文件未被读取');
    const { spec, mapping } = plan;
    const numbered = source.hasRowNo
      ? `select * from ${sqlIdent(cellsTable)}`
      : await rowNoSql(wh, cellsTable, source.brokenRows);
    await wh.run(`create or replace temp view ${sqlIdent(cells)} as ${numbered}`);
    await wh.run(
      `create or replace temp view ${sqlIdent(validated)} as
       ${buildValidationSelect(spec, mapping, {
         relation: sqlIdent(cells),
         hasRowNo: true,
         headers: source.headers,
         rawForAll: spec.target === 'ledger',
       })}`,
    );
    const rowCount = await wh.value<number>(`select count(*) from ${sqlIdent(cellsTable)}`);
    const direct =
      spec.target !== 'ledger' && spec.entity !== 'regions' && (await keysAreNew(wh, spec.target, spec.key, validated));
    await problems.create();
    if (!direct) {
      await wh.run(`create or replace temp table ${sqlIdent(scanned)} as select * from ${sqlIdent(validated)}`);
      await problems.addValidationErrors(scanned);
    }
    await problems.addBrokenRows(source.brokenRows, source.headers);

    const read = rowCount + source.brokenRows.length;
    const src = source;
    const sha = await hashing;
    progress.start('存储', read, '行');
    const stored = await wh.transaction(async (tx) => {
      const result = await store(tx, spec, mapping, {
        validated: direct ? validated : scanned,
        direct,
        rowCount,
        cells,
        source: src,
        loadId,
        tmp,
        problems,
        progress,
        documentGuard: options.documentGuard,
        paymentGuard: spec.entity === 'payments' ? options.paymentGuard : undefined,
      });
      const accepted = read - result.rejected;
      if (result.accepted !== accepted) {
        throw new Error(`计数不一致: 读取 ${read}, 接受 ${result.accepted}, 拒绝 ${result.rejected}`);
      }
      await recordLoad(tx, {
        load_id: loadId,
        entity,
        file_name: fileName,
        file_sha256: sha,
        file_format: src.format,
        encoding: src.encoding,
        layout,
        status: 'done',
        message: src.sheet ? `工作表: ${src.sheet}` : null,
        rows_read: read,
        rows_accepted: accepted,
        rows_unchanged: result.unchanged,
        rows_rejected: result.rejected,
        started_at: startedAt,
      });
      return result;
    });
    progress.update(read);
    progress.stop();

    let report: string | null = null;
    if (stored.rejected > 0 && options.rejectsDir !== null) {
      const dir = options.rejectsDir ?? (wh.path === ':memory:' ? null : join(dirname(wh.path), 'rejects'));
      if (dir) {
        report = join(dir, `load-${loadId}-${entity}.csv`);
        await writeRejectReport(wh, loadId, report);
      }
    }
    return {
      load_id: loadId,
      entity,
      file: path,
      status: 'done',
      format: src.format,
      encoding: src.encoding,
      layout,
      sheet: src.sheet,
      rows_read: read,
      accepted: stored.accepted,
      unchanged: stored.unchanged,
      rejected: stored.rejected,
      replaced: stored.replaced,
      postings: stored.postings,
      region_changes: stored.regionChanges,
      report,
      error: null,
    };
  } catch (err) {
    progress.stop();
    const sha = await hashing.catch(() => null);
    if (!isUserError(err)) throw err;
    await recordLoad(wh, {
      load_id: loadId,
      entity,
      file_name: fileName,
      file_sha256: sha,
      file_format: source?.format ?? null,
      encoding: source?.encoding ?? null,
      layout,
      status: 'refused',
      message: err.message,
      rows_read: 0,
      rows_accepted: 0,
      rows_unchanged: 0,
      rows_rejected: 0,
      started_at: startedAt,
    });
    throw new UserError(err.code, err.message, err.exitCode, { load_id: loadId, file: path });
  } finally {
    await problems.drop();
    await wh.run(
      `drop view if exists ${sqlIdent(validated)};
       drop table if exists ${sqlIdent(scanned)};
       drop view if exists ${sqlIdent(cells)};
       drop table if exists ${sqlIdent(cellsTable)};
       drop table if exists ${sqlIdent(`${cellsTable}_shift`)}`,
    );
    await source?.dispose();
  }
}

interface StoreContext {
  /** the validation view (direct) or its materialised table: row_no, typed columns, extra, bad, errs, raw_row */
  validated: string;
  /** the good rows go straight into their table (store/direct.writer.ts) */
  direct: boolean;
  /** rows in the file that the reader could split (bad ones included) */
  rowCount: number;
  /** view of the cells as read: row_no, c0..cN */
  cells: string;
  source: ReadResult;
  loadId: number;
  tmp: string;
  problems: ProblemsTable;
  progress: Progress;
  documentGuard: DocumentGuard | undefined;
  paymentGuard: RowGuard | undefined;
}

/**
 * Runs a row guard over the valid rows of `validated` (a view `<tmp>_cand`: row_no and the content columns); the
 * rows it names become problems (its code and reason) and the relation to store from leaves them out.
 */
async function guardRows(
  wh: Warehouse,
  guard: RowGuard,
  validated: string,
  content: readonly string[],
  tmp: string,
  problems: ProblemsTable,
): Promise<{ relation: string; guarded: number }> {
  const cand = `${tmp}_cand`;
  await wh.run(
    `create or replace temp view ${sqlIdent(cand)} as
     select row_no, ${content.map((c) => sqlIdent(c)).join(', ')} from ${sqlIdent(validated)} where not bad`,
  );
  const rejections = await guard(wh, cand);
  await wh.run(`drop view if exists ${sqlIdent(cand)}`);
  const rows = [...new Set(rejections.map((r) => Number(r.seq)))];
  if (rows.length === 0) return { relation: validated, guarded: 0 };
  await wh.append(
    problems.name,
    rejections.map((g) => [g.seq, null, g.code, null, g.message, null]),
  );
  const held = `${tmp}_held`;
  await wh.run(`create or replace temp table ${sqlIdent(held)} (row_no bigint)`);
  await wh.append(
    held,
    rows.map((r) => [r]),
  );
  const ok = `${tmp}_ok`;
  await wh.run(
    `create or replace temp view ${sqlIdent(ok)} as
     select * replace (bad or row_no in (select row_no from ${sqlIdent(held)}) as bad) from ${sqlIdent(validated)}`,
  );
  return { relation: ok, guarded: rows.length };
}

/** Everything written by one load, inside its transaction. */
async function store(wh: Warehouse, spec: EntitySpec, mapping: HeaderMapping, ctx: StoreContext): Promise<StoreResult> {
  const { validated, loadId, tmp, problems } = ctx;
  const headers = new Map(mapping.columns.map((c) => [c.spec.key, c.header]));
  const keyHeader = spec.key.map((k) => headers.get(k) ?? k).join('+');
  let counts: { accepted: number; unchanged: number; replaced: number; postings: number | null };
  let regionChanges: MergeCounts | null = null;
  let ledgerRejected = 0;

  let storeFrom = validated;
  let guarded = 0;
  if (ctx.paymentGuard) {
    ({ relation: storeFrom, guarded } = await guardRows(
      wh,
      ctx.paymentGuard,
      validated,
      spec.columns.map((c) => c.key),
      tmp,
      problems,
    ));
  }

  if (spec.target === 'ledger') {
    const good = `${tmp}_good`;
    const content = spec.columns.map((c) => c.key);
    await wh.run(
      `create or replace temp view ${sqlIdent(good)} as
       select row_no, ${content.map((c) => sqlIdent(c)).join(', ')}, extra, raw_row from ${sqlIdent(validated)} where not bad`,
    );
    const r = await postIndicators(
      wh,
      { rows: good, key: spec.key, content, keyHeader },
      loadId,
      problems,
      tmp,
      ctx.progress,
      ctx.documentGuard,
    );
    await wh.run(`drop view if exists ${sqlIdent(good)}`);
    ledgerRejected = r.rejectedByLedger;
    counts = { accepted: r.accepted, unchanged: r.unchanged, replaced: 0, postings: r.postings };
  } else if (ctx.direct) {
    const written = await insertGoodRows(
      wh,
      spec.target,
      spec.columns.map((c) => c.key),
      storeFrom,
      loadId,
    );
    // Every row the insert held back is bad: their problems are gathered only when there are any.
    if (written + guarded < ctx.rowCount) await problems.addValidationErrors(validated);
    counts = { accepted: written, unchanged: 0, replaced: 0, postings: null };
  } else {
    const rows = `${tmp}_rows`;
    let content: readonly string[];
    if (spec.entity === 'regions') {
      await projectRegions(wh, spec, validated, rows);
      content = REGION_CONTENT;
    } else {
      content = spec.columns.map((c) => c.key);
      await wh.run(
        `create or replace temp view ${sqlIdent(rows)} as
         select row_no, ${content.map((c) => sqlIdent(c)).join(', ')}, extra from ${sqlIdent(storeFrom)} where not bad`,
      );
    }
    const merged = await mergeIntoRaw(
      wh,
      {
        rows,
        table: spec.target,
        key: spec.key,
        content,
        keyHeader,
        onChange: spec.onChange,
        ...(spec.changeRejectedWhen
          ? {
              changeRejectedWhen: spec.changeRejectedWhen,
              changeHeader: headers.get(spec.changeRejectedWhen.column) ?? spec.changeRejectedWhen.column,
            }
          : {}),
      },
      loadId,
      problems,
      `${tmp}_m`,
    );
    if (spec.columns.some((c) => c.key === 'successors')) {
      const changes = `${tmp}_changes`;
      await deriveRegionChanges(wh, validated, changes, problems.name);
      regionChanges = await mergeIntoRaw(
        wh,
        {
          rows: changes,
          ident: 'seq',
          table: 'raw.region_changes',
          key: ['old_code', 'new_code', 'year'],
          content: REGION_CHANGE_CONTENT,
          keyHeader: headers.get('successors') ?? '新代码',
          onChange: 'replace',
        },
        loadId,
        problems,
        `${tmp}_c`,
      );
      await wh.run(`drop table if exists ${sqlIdent(changes)}`);
    }
    if (spec.entity === 'regions') await ensureCentral(wh, loadId);
    await wh.run(`drop ${spec.entity === 'regions' ? 'table' : 'view'} if exists ${sqlIdent(rows)}`);
    counts = {
      accepted: merged.inserted + merged.replaced + merged.unchanged,
      unchanged: merged.unchanged,
      replaced: merged.replaced,
      postings: null,
    };
  }
  await problems.writeRejects(loadId, ctx.source.headers, ctx.cells);
  const rejected = (await problems.rejectedRows()) + ledgerRejected;
  return { ...counts, rejected, regionChanges };
}
