-- raw.region_current (warehouse/migrations/002_region_tree.sql) in PostgreSQL: `qualify` as a filtered subquery.
select code, name, level, parent_code, valid_from, valid_to
from (
  select code, name, level, parent_code, valid_from, valid_to,
    row_number() over (partition by code order by valid_from desc) as latest
  from raw.regions
) as r
where latest = 1
