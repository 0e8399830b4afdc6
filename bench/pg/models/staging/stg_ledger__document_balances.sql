-- translated from models/staging/stg_ledger__document_balances.sql sha256:3c6e22c80388
-- What each document still holds (the ledger's own definition, ledger.document_balances): corrected, effective, carved, remaining, held.
-- Staging: the source as it is, columns named and typed once; nothing else.
select
  doc_id,
  txn_code,
  region_code,
  budget_year,
  money_year,
  fund_code,
  source_doc_id,
  corrects_doc_id,
  target_region_code,
  amount,
  corrected,
  effective,
  carved,
  remaining,
  held_in,
  held
from ledger.document_balances
