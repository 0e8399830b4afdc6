-- raw.region_current (warehouse/migrations/002_region_tree.sql) in PostgreSQL: `qualify row_number() … = 1`
-- as `distinct on` (a filter on row_number() in a subquery is estimated at 1/200 of its rows, and every join
-- above it is then planned as a nested loop).
select distinct on (code) code, name, level, parent_code, valid_from, valid_to
from raw.regions
order by code, valid_from desc
