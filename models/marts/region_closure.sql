-- The region tree as (ancestor, descendant) pairs, each region its own ancestor at depth 0: the join by which
-- every screen and API route limits what a user sees to the user's region and everything below it.
select
  ancestor_code,
  code,
  depth
from staging.stg_raw__region_closure
-- ordered by ancestor: the scope's `code in (… where ancestor_code = R)` then reads one run of rows
order by ancestor_code, depth, code
