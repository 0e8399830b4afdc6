-- translated from models/staging/stg_ledger__documents.sql sha256:99f9a1862b67
-- 指标业务单: every accepted indicator document as registered; amounts in 分 (negative only for T09).
-- Staging: the source as it is, columns named and typed once; nothing else.
select
  doc_id,
  txn_code,
  region_code,
  budget_year,
  doc_date,
  doc_no,
  sup_doc_no,
  source_doc_id,
  corrects_doc_id,
  fund_code,
  project_code,
  project_name,
  func_subject,
  econ_subject,
  target_region_code,
  amount,
  advance,
  for_poor,
  direct,
  summary,
  load_id,
  registered_at
from ledger.documents
