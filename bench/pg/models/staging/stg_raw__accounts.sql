-- translated from models/staging/stg_raw__accounts.sql sha256:c17083e31a9d
-- 账户信息: bank accounts that receive payments.
-- Staging: the source as it is, columns named and typed once; nothing else.
select
  account_no,
  holder_name,
  holder_id,
  bank,
  kind,
  region_code,
  load_id
from raw.accounts
