-- 区划 as the screens show them: today's tree with each region's parent, depth below the top and how many
-- regions sit directly and anywhere below it (the drill-down offers a region's children when it has any).
with regions as (
  select
    code,
    name,
    level,
    parent_code
  from staging.stg_raw__region_current
),

closure as (
  select
    ancestor_code,
    code,
    depth
  from staging.stg_raw__region_closure
),

below as (
  select
    ancestor_code as code,
    count(*) filter (where depth = 1) as children,
    count(*) filter (where depth > 0) as descendants
  from closure
  group by ancestor_code
),

above as (
  select
    code,
    max(depth) as depth
  from closure
  group by code
)

select
  r.code,
  r.name,
  r.level,
  r.parent_code,
  p.name as parent_name,
  coalesce(a.depth, 0)::integer as depth,
  coalesce(b.children, 0)::integer as children,
  coalesce(b.descendants, 0)::integer as descendants
from regions as r
left join regions as p on p.code = r.parent_code
left join above as a on a.code = r.code
left join below as b on b.code = r.code
