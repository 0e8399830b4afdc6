-- translated from models/intermediate/int_regions_retired.sql sha256:36d009a4c690
-- 区划调整 that retire their old code: one row per (old_code, year, new_code) whose change moves the history of
-- old_code into new_code, with the share of that history each successor takes (the shares of one change sum to 1).
-- A change retires old_code when the version of old_code in use the year before ends that year (valid_to = year),
-- or when old_code has no version in use that year at all. It moves nothing when its successors include old_code
-- itself (renamed in place, part of the territory moved out) or when old_code stays in use (在用 with successors:
-- a part of the territory moved, the code keeps its history). Versions: a code's dated versions (valid_from > 0,
-- the history file's) when it has any, else its undated ones (valid_from 0, e.g. the statistical files').
-- Shares: the given share where there is one, the rest of 1 split evenly among the successors without one; then
-- scaled so the shares of one change sum to 1 (an even split when nothing usable is given).
with changes as (
  select old_code, new_code, year, share
  from staging.stg_raw__region_changes
),

regions as (
  select code, valid_from, valid_to
  from staging.stg_raw__regions
),

versions as (
  select code, valid_from, valid_to
  from (
    select code, valid_from, valid_to, max(valid_from) over (partition by code) as latest_from
    from regions
  ) as v
  where valid_from > 0 or latest_from = 0
),

groups as (
  select
    old_code,
    year,
    bool_or(new_code = old_code) as renamed_in_place,
    count(*) filter (where new_code <> old_code) as successors,
    count(share) filter (where new_code <> old_code) as with_share,
    coalesce(sum(share) filter (where new_code <> old_code), 0)::double precision as given
  from changes
  group by old_code, year
),

retiring as (
  select g.old_code, g.year, g.successors, g.with_share, g.given
  from groups as g
  where not g.renamed_in_place
    and g.successors > 0
    and (
      exists (
        select 1 from versions as v
        where v.code = g.old_code and v.valid_to = g.year and v.valid_from < g.year
      )
      or not exists (
        select 1 from versions as v
        where v.code = g.old_code and v.valid_from <= g.year and (v.valid_to is null or v.valid_to > g.year)
      )
    )
),

weighted as (
  select
    c.old_code,
    c.year,
    c.new_code,
    c.share as given_share,
    coalesce(
      c.share::double precision,
      greatest(1.0 - r.given, 0.0) / nullif(r.successors - r.with_share, 0)
    ) as weight,
    r.successors
  from changes as c
  join retiring as r on r.old_code = c.old_code and r.year = c.year
  where c.new_code <> c.old_code
)

select
  old_code,
  year,
  new_code,
  given_share,
  case
    when sum(weight) over (partition by old_code, year) > 0
      then weight / sum(weight) over (partition by old_code, year)
    else 1.0 / successors
  end as share
from weighted
