-- translated from models/staging/stg_raw__regions.sql sha256:b75bb3cd29c0
-- 区划: one row per code version (codes are renamed and reused over the years).
-- Staging: the source as it is, columns named and typed once; nothing else.
select
  code,
  valid_from,
  valid_to,
  name,
  level,
  parent_code,
  load_id
from raw.regions
