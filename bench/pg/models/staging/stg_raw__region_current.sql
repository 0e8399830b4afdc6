-- translated from models/staging/stg_raw__region_current.sql sha256:3925138aaede
-- 区划 as named today: the latest version of every code (raw.region_current, migration 002).
-- Staging: the source as it is; nothing else.
select
  code,
  name,
  level,
  parent_code,
  valid_from,
  valid_to
from raw.region_current
