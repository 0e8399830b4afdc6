-- translated from models/staging/stg_raw__region_closure.sql sha256:b7db6b91ffa6
-- The region tree as (ancestor, descendant) pairs, a region being its own ancestor at depth 0
-- (raw.region_closure, migration 002, over today's parent codes). `--region CODE` scoping uses it.
-- Staging: the source as it is; nothing else.
select
  ancestor_code,
  code,
  depth
from raw.region_closure
