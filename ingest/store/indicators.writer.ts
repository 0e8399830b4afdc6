/**
 * Step 4 for indicators: accepted rows become candidate documents in a document stage, which the ledger
 * engine posts (rules 1–8 of ledger.md, idempotency by doc_id included) or rejects, writing its own
 * rejections to meta.rejects. Repeats of a doc_id inside the file are settled here first, like any key.
 */
import { sqlIdent, sqlString, type Progress, type Warehouse } from '../../warehouse/index.ts';
import { createDocumentStage } from '../ledger/document-stage.ts';
import { postStagedDocuments } from '../ledger/ledger.engine.ts';
import { findLaterDuplicates, type KeyedRows } from './in-file-duplicates.ts';
import type { ProblemsTable } from './problems.table.ts';

/** A document a guard stops before posting (the stage row's seq, a stable code and its Chinese reason). */
export interface GuardRejection {
  seq: number;
  code: string;
  message: string;
}

/**
 * Runs on the filled stage before the ledger engine posts it (e.g. the red in-flow monitoring rules of
 * models/monitoring, passed in by the CLI): the documents it names are rejected with its reason and not posted.
 */
export type DocumentGuard = (wh: Warehouse, stageTable: string) => Promise<readonly GuardRejection[]>;

/**
 * The same for the rows of a master-data or payments file: runs on a view of the file's valid rows (row_no and the
 * entity's columns) before they are stored; the rows it names (seq = row_no) are rejected with its reason.
 */
export type RowGuard = (wh: Warehouse, relation: string) => Promise<readonly GuardRejection[]>;

export interface IndicatorCounts {
  accepted: number;
  unchanged: number;
  /** rows rejected by the engine (their reasons are in meta.rejects, written by the engine) */
  rejectedByLedger: number;
  postings: number;
}

export async function postIndicators(
  wh: Warehouse,
  /** rows with raw_row (the row as read, handed to the engine for its rejections) */
  input: KeyedRows,
  loadId: number,
  problems: ProblemsTable,
  tmp: string,
  progress: Progress,
  guard?: DocumentGuard,
): Promise<IndicatorCounts> {
  const laterName = `${tmp}_later`;
  const later = sqlIdent(laterName);
  const stage = `${tmp}_stage`;
  await findLaterDuplicates(wh, input, laterName, problems);
  await createDocumentStage(wh, stage);
  const cols = input.content.map((c) => sqlIdent(c)).join(', ');
  await wh.run(
    `insert into ${sqlIdent(stage)} (seq, row_no, raw_row, ${cols}, extra)
     select r.row_no, r.row_no, cast(r.raw_row as json), ${input.content.map((c) => `r.${sqlIdent(c)}`).join(', ')}, r.extra
     from ${sqlIdent(input.rows)} as r
     where r.row_no not in (select row_no from ${later})`,
  );
  const guarded = guard ? await guard(wh, stage) : [];
  if (guarded.length) {
    // seq is the file's row number in this stage
    await wh.append(
      problems.name,
      guarded.map((g) => [g.seq, null, g.code, null, g.message, null]),
    );
    await wh.run(`delete from ${sqlIdent(stage)} where seq in (${guarded.map((g) => Number(g.seq)).join(', ')})`);
  }
  const result = await postStagedDocuments(wh, stage, { loadId, progress });
  const rejectedRows = [...new Set([...result.rejected.map((r) => r.row_no ?? r.seq), ...guarded.map((g) => g.seq)])];

  // Identical later copies of a document the engine rejected are rejected with it.
  let sameOfRejected = 0;
  if (rejectedRows.length) {
    const list = rejectedRows.join(', ');
    await problems.addFrom(
      `select row_no, ${sqlString(input.keyHeader)}, 'E_SAME_AS_REJECTED_ROW', cast(doc_id as varchar), cast(first_row as varchar), null
       from ${later} where same and first_row in (${list})`,
    );
    sameOfRejected = await wh.value<number>(`select count(*) from ${later} where same and first_row in (${list})`);
  }
  const sameInFile = (await wh.value<number>(`select count(*) from ${later} where same`)) - sameOfRejected;
  await wh.run(`drop table if exists ${later}; drop table if exists ${sqlIdent(stage)}`);
  return {
    accepted: result.accepted + sameInFile,
    unchanged: result.unchanged + sameInFile,
    rejectedByLedger: rejectedRows.length - new Set(guarded.map((g) => g.seq)).size,
    postings: result.postings,
  };
}
