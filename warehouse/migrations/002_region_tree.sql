-- The region tree as views, shared by the ledger (T05 target must be a descendant), scoping (`--region CODE`
-- means that region and everything below it) and the models.

-- The latest version of every code (codes are renamed and reused; the newest row names the code today).
create or replace view raw.region_current as
select code, name, level, parent_code, valid_from, valid_to
from raw.regions
qualify row_number() over (partition by code order by valid_from desc) = 1;

-- One row per (ancestor, descendant), a region being its own ancestor at depth 0.
create or replace view raw.region_closure as
with recursive walk(ancestor_code, code, depth) as (
  select code, code, 0 from raw.region_current
  union all
  select r.parent_code, w.code, w.depth + 1
  from walk as w
  join raw.region_current as r on r.code = w.ancestor_code
  where r.parent_code is not null and r.parent_code <> r.code and w.depth < 12
)
select ancestor_code, code, depth from walk;
