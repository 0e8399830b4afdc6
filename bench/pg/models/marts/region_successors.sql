-- translated from models/marts/region_successors.sql sha256:49a4be955614
-- 区划调整 applied over time: for every region code and every view year, the codes in use in that view year
-- that carry its history, with the share each takes. A code still in use maps to itself with share 1; a retired
-- code maps to its successors (intermediate.int_regions_retired), and chains of changes over the years compose
-- (shares multiply; two paths to one successor add up).
-- Codes are reused: a code's history is cut into epochs at each year a change retired it. Documents registered
-- under the code in a budget year in [history_from, history_to) belong to that epoch, and only changes after the
-- epoch's end and up to the view year apply. Rows exist for the view years by which the code was in use in the
-- epoch (documents need a region in use, ledger.md rule 6).
-- View years: region_view_years of models/vars.yml (a comma-separated list), else every year from the first
-- budget year of the postings to the later of the as_of year and the last budget year.
with recursive retired as (
  select old_code, year, new_code, share
  from intermediate.int_regions_retired
),

regions as (
  select code, valid_from, valid_to, name, level
  from staging.stg_raw__regions
),

postings as (
  select budget_year
  from staging.stg_ledger__postings
),

settings as (
  select name, value
  from meta.model_vars
),

listed_years as (
  select distinct trim(item)::integer as view_year
  from (
    select unnest(string_to_array(value, ',')) as item
    from settings
    where name = 'region_view_years'
  ) as items
  where trim(item) <> ''
),

bounds as (
  select
    coalesce(
      (select value::date from settings where name = 'as_of' and value ~ '^\d{4}-\d{2}-\d{2}$'),
      current_date
    ) as as_of,
    min(budget_year) as first_year,
    max(budget_year) as last_year
  from postings
),

view_years as (
  select view_year from listed_years
  union all
  select generate_series(
    coalesce(first_year, extract(year from as_of)::integer),
    greatest(extract(year from as_of)::integer, coalesce(last_year, extract(year from as_of)::integer))
  ) as view_year
  from bounds
  where not exists (select 1 from listed_years)
),

codes as (
  select code from regions
  union
  select old_code from retired
  union
  select new_code from retired
),

cuts as (
  select distinct old_code as code, year
  from retired
),

-- every code's preferred versions: its dated ones when it has any (ingest of the history file), else the undated
versions as (
  select code, valid_from, valid_to, name, level
  from (
    select code, valid_from, valid_to, name, level, max(valid_from) over (partition by code) as latest_from
    from regions
  ) as r
  where valid_from > 0 or latest_from = 0
),

-- [history_from, history_to): the first epoch of every code, then one from each retirement on while the code is
-- in use again (reused for another region)
epochs as (
  select e.code, e.history_from, e.history_to
  from (
    select
      c.code,
      coalesce(lag(k.year) over (partition by c.code order by k.year nulls last), 0) as history_from,
      k.year as history_to
    from codes as c
    left join (
      select code, year from cuts
      union all
      select distinct code, null::integer as year from cuts
    ) as k on k.code = c.code
  ) as e
  where e.history_from = 0
    or exists (
      select 1 from versions as v
      where v.code = e.code
        and (v.valid_to is null or v.valid_to > e.history_from)
        and (e.history_to is null or v.valid_from < e.history_to)
    )
),

-- the view years of each epoch: from its start, once the code was in use in it by the view year (a code known
-- only from 区划调整, with no version, always)
epoch_views as (
  select e.code, e.history_from, e.history_to, y.view_year
  from epochs as e
  join view_years as y on y.view_year >= e.history_from
  where not exists (select 1 from versions as v where v.code = e.code)
    or exists (
      select 1 from versions as v
      where v.code = e.code
        and v.valid_from <= y.view_year
        and (v.valid_to is null or v.valid_to > e.history_from)
        and (e.history_to is null or v.valid_from < e.history_to)
    )
),

walk (code, history_from, history_to, view_year, node_code, exit_year, share, hops) as (
  select code, history_from, history_to, view_year, code, history_to, 1.0::double precision, 0
  from epoch_views
  union all
  select w.code, w.history_from, w.history_to, w.view_year, r.new_code, n.history_to, w.share * r.share, w.hops + 1
  from walk as w
  join retired as r on r.old_code = w.node_code and r.year = w.exit_year
  join epochs as n
    on n.code = r.new_code and n.history_from <= r.year and (n.history_to is null or n.history_to > r.year)
  where w.exit_year <= w.view_year and w.hops < 100
),

successors as (
  select code, history_from, history_to, view_year, node_code as successor_code, sum(share) as share, max(hops) as hops
  from walk
  where exit_year is null or exit_year > view_year
  group by code, history_from, history_to, view_year, node_code
),

names as (
  select distinct on (s.code, s.history_from, s.view_year, s.successor_code)
    s.code, s.history_from, s.view_year, s.successor_code, v.name, v.level
  from successors as s
  join versions as v
    on v.code = s.successor_code and v.valid_from <= s.view_year and (v.valid_to is null or v.valid_to > s.view_year)
  order by s.code, s.history_from, s.view_year, s.successor_code, v.valid_from desc
)

select
  s.code,
  s.history_from,
  s.history_to,
  s.view_year,
  s.successor_code,
  n.name as successor_name,
  n.level as successor_level,
  n.successor_code is not null as successor_in_use,
  s.share,
  s.hops
from successors as s
left join names as n
  on n.code = s.code and n.history_from = s.history_from and n.view_year = s.view_year
  and n.successor_code = s.successor_code
