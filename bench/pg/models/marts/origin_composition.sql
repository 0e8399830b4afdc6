-- translated from models/marts/origin_composition.sql sha256:5eea80725e41
-- 资金来源构成: for every fund × region × budget year, how much of what it received came from 中央, 省, 市, 县,
-- 乡 (upper levels' own arrangements passed down), 本级 (the region's own arrangements) and 横向 (another
-- region's, e.g. 东西部协作). The origin of an amount is the root of its document tree: no proportional
-- guessing. Which documents count is said in marts.origin_composition_by_root; share is of the fund's total.
with by_root as (
  select *
  from marts.origin_composition_by_root
),

by_kind as (
  select
    budget_year,
    region_code,
    fund_code,
    origin_kind,
    sum(amount)::bigint as amount,
    sum(carried_over)::bigint as carried_over,
    sum(documents)::bigint as documents,
    count(*) as root_regions
  from by_root
  group by budget_year, region_code, fund_code, origin_kind
)

select
  budget_year,
  region_code,
  fund_code,
  origin_kind,
  amount,
  carried_over,
  documents,
  root_regions,
  sum(amount) over (partition by budget_year, region_code, fund_code)::bigint as fund_received,
  round(amount::numeric / nullif(sum(amount) over (partition by budget_year, region_code, fund_code), 0), 6)::double precision
    as share
from by_kind
