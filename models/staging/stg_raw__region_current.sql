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
