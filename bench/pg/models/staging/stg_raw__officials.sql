-- translated from models/staging/stg_raw__officials.sql sha256:1109ce28a69f
-- 财政供养人员 (people on the public payroll), for the payments-to-officials check.
-- Staging: the source as it is, columns named and typed once; nothing else.
select
  person_id,
  name,
  employer,
  region_code,
  load_id
from raw.officials
