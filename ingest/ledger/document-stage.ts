/**
 * The hand-over between whoever produces indicator documents (the file ingest, the demo generator, later the
 * HTTP registration) and the ledger engine: a temp table of candidate documents, typed and field-checked,
 * that `postStagedDocuments` turns into accepted documents + postings, or rejections with reasons.
 */
import { sqlIdent, type Warehouse } from '../../warehouse/index.ts';

/** Columns of a document stage; amount in 分; `seq` orders the batch (file order), `row_no` names the row. */
export const DOCUMENT_STAGE_COLUMNS = `
  seq bigint not null,
  row_no bigint,
  raw_row json,
  doc_id varchar not null,
  txn_code varchar not null,
  region_code varchar not null,
  budget_year integer not null,
  doc_date date not null,
  doc_no varchar,
  sup_doc_no varchar,
  source_doc_id varchar,
  corrects_doc_id varchar,
  fund_code varchar,
  project_code varchar,
  project_name varchar,
  func_subject varchar,
  econ_subject varchar,
  target_region_code varchar,
  amount bigint not null,
  advance boolean not null default false,
  for_poor boolean not null default false,
  direct boolean not null default false,
  summary varchar,
  extra json`;

/** Creates (replacing) an empty temp stage table. */
export async function createDocumentStage(wh: Warehouse, name: string): Promise<void> {
  await wh.run(`create or replace temp table ${sqlIdent(name)} (${DOCUMENT_STAGE_COLUMNS})`);
}
