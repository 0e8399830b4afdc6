-- translated from models/staging/stg_raw__beneficiaries.sql sha256:8c331315eefa
-- 建档立卡贫困人员 (registered poor people).
-- Staging: the source as it is, columns named and typed once; nothing else.
select
  person_id,
  name,
  household_id,
  village_code,
  registered,
  status,
  status_date,
  load_id
from raw.beneficiaries
