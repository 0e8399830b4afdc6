-- translated from models/staging/stg_raw__region_changes.sql sha256:e273cf17f1f4
-- 区划调整: one row per successor of a changed code.
-- Staging: the source as it is, columns named and typed once; nothing else.
select
  old_code,
  new_code,
  year,
  kind,
  share,
  load_id
from raw.region_changes
