/**
 * The ledger engine (指标账, ledger.md): turns a stage of candidate documents (document-stage.ts) into
 * accepted documents in ledger.documents with their hash-chained postings in ledger.postings, or rejections
 * with a stable code and a Chinese reason. Set-based: SQL over the whole batch, level by level of the
 * batch's document tree, never a round trip per document.
 *
 * Steps: rule 7 (unchanged / conflicting repeats) → field checks of every new document → levels (level 0 =
 * source already in the ledger or none; level k = source in level k−1; cycles and unknown sources rejected)
 * → per level: source checks, postings from ledger.txn_templates, rule 1, rules 2/5 in seq order, accept →
 * number the postings after the chain's head, hash them, append.
 *
 * Decisions (ledger.md leaves them open; see also rule-checks.sql.ts):
 * - Amount > 0, except T09 < 0; 0 is rejected.
 * - Funds: T01/T02 may name a local fund (then their with_fund lines post); T03 must name the fund it assigns
 *   to. T04–T08, T10 and T09 inherit the source's (corrected document's) fund when fund_code is empty; if given
 *   it must equal it. A named fund of T01/T02/T03 must exist in raw.funds for the document's region. Rule 3:
 *   for a T01 with a fund, the fund's upper_fund_code/upper_region_code = the source's fund and region. Rule 4:
 *   that designation must be present (raw.funds' key makes it unique; the funds ingest refuses a second one).
 * - Sources: T01 ← T05/T06 addressed to this region, same budget year; T03 ← T01/T02 of this region without
 *   fund (in 1001); T04/T05/T06/T10 ← T01/T02 with fund, T03 or T10 of this region (in 5001); T07 ← T04;
 *   T08 ← T07. The budget year of a child = the source's, or for a source T10 its year + 1. T02 and T09 have no
 *   source_doc_id; T09 has corrects_doc_id (any document but a T09, same region and budget year). Only T05/T06
 *   name a target region; T05's must be below the region (raw.region_closure), T06's must not be (nor itself).
 * - Rule 6: region and target exist and are in use in the budget year (valid_from ≤ year < valid_to); a T10's
 *   region also in year + 1. Rule 8: doc_date within the budget year, or in Q4 of the year before when advance
 *   (提前下达); a T10 always within its year.
 * - Remaining (ledger.document_balances) = amount + Σ its T09s − Σ effective amounts of its children (T10
 *   included). Rule 2 and rule 5 draw on it in seq order within a level (source.allocation.ts); a T09 draws as
 *   much as it reduces. A correction of a child frees its source's remaining only for later levels/batches.
 * - T09 postings: the corrected document's lines with the T09 amount (a T09 of a T10 mirrors both halves),
 *   carrying the corrected line's project, target and source_doc_id. T10: see posting.builder.ts.
 * - Rule 7: the content hash covers the document as submitted (fund_code as given; extra excluded). A repeat
 *   of an earlier row of the batch with the same content shares that row's outcome (unchanged if accepted).
 * - One rejection per document (the first failing check); meta.rejects.column_name is the English key.
 */
import { silentProgress, sqlIdent, type Progress, type Warehouse } from '../../warehouse/index.ts';
import { NEW_POSTING_COLUMNS, POSTING_COLUMN_LIST, buildLevelPostings } from './posting.builder.ts';
import {
  REASON_BODY_SQL,
  REASON_CODE_SQL,
  REASON_COLUMN_SQL,
  REJECTION_COLUMNS,
  REJECTION_CONTEXT,
  columnNameSql,
  reason,
} from './rejection.reasons.ts';
import { ANCESTRY_SQL, CANDIDATES_SQL, REGION_CHECK_SQL, T, classifySql, levelSql } from './rule-checks.sql.ts';
import { allocateLevel } from './source.allocation.ts';
import { appendPostings, chainHead } from './hash.chain.ts';
import { createProfile, type Profile } from './ledger.profile.ts';

export interface DocumentRejection {
  seq: number;
  row_no: number | null;
  doc_id: string;
  column_name: string | null;
  code: string;
  message: string;
}

/** DocumentRejection as a plain object type (rows of Warehouse.all). */
type RejectionRow = { [K in keyof DocumentRejection]: DocumentRejection[K] };

export interface PostResult {
  /** documents read from the stage */
  read: number;
  /** accepted, including unchanged */
  accepted: number;
  /** repeated doc_id with identical content: a no-op (rule 7) */
  unchanged: number;
  rejected: DocumentRejection[];
  postings: number;
  /** levels of the batch's document tree that were processed */
  levels: number;
}

export interface PostOptions {
  loadId: number;
  progress?: Progress;
  /** write the rejections to meta.rejects (default true) */
  recordRejects?: boolean;
}

/** "第 12 行 (单据 D-5), 列「金额」: 规则2: …" over `m` (a rendered rejection) and `i` (its input row). */
const messageSql = `concat('第 ', coalesce(i.row_no, i.seq), ' 行 (单据 ', i.doc_id, ')',
  case when m.col is null then '' else concat(', 列「', ${columnNameSql('m.col')}, '」') end, ': ', m.body)`;

/**
 * Accepted documents go to ledger.documents once, at the end, from their stage rows, with what the engine
 * added: the effective fund_code and the content hash (T.accepted).
 */
function documentInsertSql(stage: string, loadId: number): string {
  // The load id is written into the statement, not bound: a statement without bound values starts at once,
  // which lets it run while the hash chain is computed (appendPostings).
  if (!Number.isSafeInteger(loadId)) throw new Error(`load_id 必须是整数: ${loadId}`);
  return `
insert into ledger.documents (doc_id, txn_code, region_code, budget_year, doc_date, doc_no, sup_doc_no,
  source_doc_id, corrects_doc_id, fund_code, project_code, project_name, func_subject, econ_subject,
  target_region_code, amount, advance, for_poor, direct, summary, content_hash, load_id, row_no, extra,
  registered_at)
select st.doc_id, st.txn_code, st.region_code, st.budget_year, st.doc_date, st.doc_no, st.sup_doc_no,
  st.source_doc_id, st.corrects_doc_id, a.fund_code, st.project_code, st.project_name, st.func_subject,
  st.econ_subject, st.target_region_code, st.amount, st.advance, st.for_poor, st.direct, st.summary,
  a.content_hash, ${loadId}, st.row_no, st.extra, current_timestamp::timestamp
from ${T.accepted} as a
join ${stage} as st on st.rowid = a.rid
order by a.rid`;
}

/**
 * Posts every document of a stage table (see document-stage.ts): rules 1–8 of ledger.md, set-based.
 * Runs inside the caller's transaction if there is one. The caller owns the meta.loads row of `loadId`.
 */
export async function postStagedDocuments(
  wh: Warehouse,
  stageTable: string,
  options: PostOptions,
): Promise<PostResult> {
  const stage = sqlIdent(stageTable);
  const progress = options.progress ?? silentProgress;
  const profile = createProfile();
  return wh.transaction(async (tx) => {
    const preserve = await tx.value<boolean>(`select current_setting('preserve_insertion_order')`);
    try {
      return await post(tx, stage, options, progress, profile);
    } finally {
      // The session's setting comes back; a failure here must not hide the error that ended the posting.
      await tx.run(`set preserve_insertion_order = ${preserve ? 'true' : 'false'}`).catch(() => undefined);
      progress.stop();
      profile.report(`postStagedDocuments ${stage}`);
    }
  });
}

async function post(
  wh: Warehouse,
  stage: string,
  options: PostOptions,
  progress: Progress,
  profile: Profile,
): Promise<PostResult> {
  // Work tables whose rows are ordered explicitly where it matters need no insertion order (DuckDB then writes
  // them in parallel); the statements whose result order counts switch it back on (inOrder).
  await unordered(wh);
  await wh.run(classifySql(stage));
  profile.mark('classify (rule 7)');
  const read = await wh.value<number>(`select count(*) from ${T.input}`);
  progress.start('记账', read, '单据');
  await wh.run(ANCESTRY_SQL);
  await wh.run(REGION_CHECK_SQL);
  profile.mark('ancestry, region check');
  await wh.run(CANDIDATES_SQL);
  profile.mark('candidates (field checks)');
  await wh.run(`create or replace temp table ${T.rej} (${REJECTION_COLUMNS})`);
  await wh.run(`create or replace temp table ${T.accepted} (rid bigint, fund_code varchar, content_hash varchar)`);
  await wh.run(`create or replace temp table ${T.newPostings} (${NEW_POSTING_COLUMNS})`);
  const head = await chainHead(wh);
  profile.mark('work tables, chain head');

  // Level by level down the batch's document tree, until no document is left whose source was just decided.
  let done = await wh.value<number>(`select count(*) from ${T.input} where kind <> 'new'`);
  let numbered = head.postingId;
  let levels = 0;
  for (;;) {
    await wh.run(levelSql(levels));
    profile.mark('level: source checks');
    const counts = await wh.one<{ size: number; derived: number }>(
      `select count(*) as size, count(*) filter (where reason is null and txn_code in ('T09', 'T10')) as derived
       from ${T.level}`,
    );
    const size = counts?.size ?? 0;
    if (size === 0) break;
    levels += 1;
    profile.mark('level: count');
    await buildLevelPostings(wh, counts?.derived ?? 0, profile);
    await allocateLevel(wh, levels - 1, profile);
    await wh.run(`insert into ${T.accepted} select rid, fund_code, content_hash from ${T.level} where reason is null`);
    profile.mark('level: accept');
    await inOrder(wh);
    // One sort: row_number() over () numbers the rows in the order the sorted subquery yields them (with
    // insertion order on), and the insert keeps that order.
    numbered += await wh.run(
      `insert into ${T.newPostings}
       select ${numbered} + row_number() over (), ${POSTING_COLUMN_LIST}
       from (select * from ${T.levelPostings}
             where rid in (select rid from ${T.level} where reason is null)
             order by seq, rid, ord)`,
    );
    await unordered(wh);
    profile.mark('level: number postings');
    await wh.run(
      `insert into ${T.rej} select rid, reason, ${REJECTION_CONTEXT} from ${T.level} where reason is not null;
       drop table if exists ${T.prev};
       alter table ${T.level} rename to ${T.prev}`,
    );
    profile.mark('level: rejections');
    done += size;
    progress.update(done);
  }
  profile.mark('level: count');

  await inOrder(wh);
  // Documents on a cycle of sources (or below one) were never reached.
  await wh.run(
    `insert into ${T.rej} (rid, reason, flag, parent_id)
     select rid, coalesce(s_reason, ${reason('CYCLE')}), s_flag, parent_id from ${T.cand}
     where rid not in (select rid from ${T.accepted}) and rid not in (select rid from ${T.rej})`,
  );
  await wh.run(`
insert into ${T.rej} (rid, reason)
select rid, case kind when 'conflict_existing' then ${reason('R7_EXISTING')} else ${reason('R7_BATCH')} end
from ${T.input} where kind in ('conflict_existing', 'conflict_batch')`);
  profile.mark('cycles, conflicts');

  const postings = await appendPostings(wh, head, profile, () => wh.run(documentInsertSql(stage, options.loadId)));
  await renderRejections(wh);
  if (options.recordRejects ?? true) {
    await wh.run(
      `insert into meta.rejects (load_id, row_no, column_name, error_code, message, raw_row)
       select $1, coalesce(i.row_no, i.seq), m.col, m.code, ${messageSql}, st.raw_row
       from ${T.messages} as m join ${T.input} as i on i.rid = m.rid join ${stage} as st on st.rowid = m.rid
       order by i.seq, m.rid`,
      [options.loadId],
    );
  }
  const rejected = await wh.all<RejectionRow>(
    `select i.seq, i.row_no, i.doc_id, m.col as column_name, m.code, ${messageSql} as message
     from ${T.messages} as m join ${T.input} as i on i.rid = m.rid order by i.seq, m.rid`,
  );
  const unchanged = await wh.value<number>(
    `select count(*) from ${T.input} as i
     where i.kind = 'unchanged'
        or (i.kind = 'repeat' and not exists (select 1 from ${T.messages} as m where m.rid = i.first_rid))`,
  );
  progress.update(read);
  profile.mark('rejections, unchanged');
  await dropWorkTables(wh);
  profile.mark('drop work tables');
  return { read, accepted: read - rejected.length, unchanged, rejected, postings, levels };
}

/**
 * Renders every rejection of the batch (rejection.reasons.ts) in one statement; a row that repeats an earlier
 * row of the batch with the same content shares that row's fate (rule 7), so it gets the same code.
 */
async function renderRejections(wh: Warehouse): Promise<void> {
  await wh.run(`
create or replace temp table ${T.messages} as
select r.rid, ${REASON_CODE_SQL} as code, ${REASON_COLUMN_SQL} as col, ${REASON_BODY_SQL} as body
from ${T.rej} as r join ${T.input} as i on i.rid = r.rid;

insert into ${T.messages}
select i.rid, f.code, f.col, concat('与第 ', i.first_row, ' 行相同的单据被拒绝: ', f.body)
from ${T.input} as i join ${T.messages} as f on f.rid = i.first_rid
where i.kind = 'repeat'`);
}

const unordered = (wh: Warehouse): Promise<number> => wh.run('set preserve_insertion_order = false');
const inOrder = (wh: Warehouse): Promise<number> => wh.run('set preserve_insertion_order = true');

async function dropWorkTables(wh: Warehouse): Promise<void> {
  await wh.run(
    Object.values(T)
      .map((name) => `drop table if exists ${name}`)
      .join(';\n'),
  );
}
