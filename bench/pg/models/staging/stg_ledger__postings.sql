-- translated from models/staging/stg_ledger__postings.sql sha256:54d77614cc65
-- 序时账: every posting of the 指标账, append-only and hash-chained; amounts in 分.
-- Staging: the source as it is, columns named and typed once; nothing else.
select
  posting_id,
  doc_id,
  txn_code,
  region_code,
  budget_year,
  doc_date,
  fund_code,
  account_code,
  debit,
  credit,
  source_type,
  project_code,
  target_region_code,
  source_doc_id,
  corrects_doc_id,
  hash
from ledger.postings
