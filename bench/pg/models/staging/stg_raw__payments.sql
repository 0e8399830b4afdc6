-- translated from models/staging/stg_raw__payments.sql sha256:c698c7688036
-- 到人到户发放明细: one payment to one person or household; amounts in 分.
-- Staging: the source as it is, columns named and typed once; pay_year is pay_month's year as an integer.
select
  payment_id,
  doc_id,
  doc_no,
  sup_doc_no,
  project_code,
  person_id,
  name,
  village_code,
  pay_month,
  payable,
  paid,
  account_no,
  bank,
  unit,
  load_id,
  cast(substr(pay_month, 1, 4) as integer) as pay_year
from raw.payments
