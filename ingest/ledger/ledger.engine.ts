/**
 * The ledger engine (指标账). PLACEHOLDER SIGNATURE — being implemented; the signature is the contract.
 */
import type { Progress, Warehouse } from '../../warehouse/index.ts';

export interface DocumentRejection {
  seq: number;
  row_no: number | null;
  doc_id: string;
  column_name: string | null;
  code: string;
  message: string;
}

export interface PostResult {
  /** documents read from the stage */
  read: number;
  /** accepted, including unchanged */
  accepted: number;
  /** repeated doc_id with identical content: a no-op (rule 7) */
  unchanged: number;
  rejected: DocumentRejection[];
  postings: number;
}

export interface PostOptions {
  loadId: number;
  progress?: Progress;
  /** write the rejections to meta.rejects (default true) */
  recordRejects?: boolean;
}

/**
 * Posts every document of a stage table (see document-stage.ts): rules 1–8 of ledger.md, set-based.
 * Runs inside the caller's transaction if there is one.
 */
export async function postStagedDocuments(
  _wh: Warehouse,
  _stageTable: string,
  _options: PostOptions,
): Promise<PostResult> {
  throw new Error('ledger engine not implemented yet');
}
