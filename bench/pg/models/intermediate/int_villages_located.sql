-- translated from models/intermediate/int_villages_located.sql sha256:fbe1bc0735de
-- 村 located in today's region tree: for every village (and every township, which a payment or a person may name
-- instead of a village, interchange.md) its township, county, city and province, with today's names.
-- Small (one row per village or township): the facts join it once by village_code.
with regions as (
  select
    code,
    name,
    level
  from staging.stg_raw__region_current
),

closure as (
  select
    ancestor_code,
    code
  from staging.stg_raw__region_closure
),

places as (
  select
    code,
    name,
    level
  from regions
  where level in ('village', 'township')
),

ancestors as (
  select
    c.code,
    a.code as ancestor_code,
    a.name as ancestor_name,
    a.level as ancestor_level
  from closure as c
  inner join places as p on p.code = c.code
  inner join regions as a on a.code = c.ancestor_code
)

select
  p.code as village_code,
  p.name as village_name,
  p.level as village_level,
  min(a.ancestor_code) filter (where a.ancestor_level = 'township') as township_code,
  min(a.ancestor_name) filter (where a.ancestor_level = 'township') as township_name,
  min(a.ancestor_code) filter (where a.ancestor_level = 'county') as county_code,
  min(a.ancestor_name) filter (where a.ancestor_level = 'county') as county_name,
  min(a.ancestor_code) filter (where a.ancestor_level = 'city') as city_code,
  min(a.ancestor_name) filter (where a.ancestor_level = 'city') as city_name,
  min(a.ancestor_code) filter (where a.ancestor_level = 'province') as province_code
from places as p
left join ancestors as a on a.code = p.code
group by p.code, p.name, p.level
