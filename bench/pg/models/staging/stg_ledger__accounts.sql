-- translated from models/staging/stg_ledger__accounts.sql sha256:46547df86609
-- 科目: the chart of accounts of ledger.md.
-- Staging: the source as it is, columns named and typed once; nothing else.
select
  account_code,
  account_name,
  account_class,
  normal_side,
  parent_code
from ledger.accounts
