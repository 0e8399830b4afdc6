-- raw.region_closure (warehouse/migrations/002_region_tree.sql) in PostgreSQL: the same recursive walk.
with recursive walk(ancestor_code, code, depth) as (
  select code, code, 0 from raw.region_current
  union all
  select r.parent_code, w.code, w.depth + 1
  from walk as w
  join raw.region_current as r on r.code = w.ancestor_code
  where r.parent_code is not null and r.parent_code <> r.code and w.depth < 12
)
select ancestor_code, code, depth from walk
