-- code: M04
-- title: 支出进度滞后
-- level: yellow
-- category: 资金流速
-- subject: region
-- description: >-
--   A region's spending (5201 本级实际支付) in the as-of date's budget year is below the time-proportional target:
--   paid / own available < elapsed share of the year × tolerance, where own available is what the region keeps
--   for its own spending (available less what it transferred down or across). Amount: the shortfall against the
--   target.
-- thresholds:
--   tolerance:
--     default: 0.85
--     description: 允许的进度比例 (支出进度低于 时间进度 × 它 时预警)
--   min_available_fen:
--     default: 100000
--     description: 本级可用低于它 (分) 的区划不计
with settings as (
  select
    region_code,
    max(value) filter (where name = 'tolerance')::double as tolerance,
    max(value) filter (where name = 'min_available_fen')::bigint as min_available_fen
  from meta.rule_threshold_values
  where rule_code = 'M04'
  group by region_code
),

as_of as (
  select
    value::date as as_of,
    year(value::date) as budget_year,
    (value::date - make_date(year(value::date), 1, 1) + 1)::double
      / (make_date(year(value::date) + 1, 1, 1) - make_date(year(value::date), 1, 1)) as elapsed
  from meta.check_vars
  where name = 'as_of'
),

progress as (
  select
    a.region_code,
    sum(a.available - a.transferred_down - a.transferred_lateral)::bigint as own_available,
    sum(a.paid)::bigint as paid
  from marts.allocation_progress as a
  where a.budget_year = (select budget_year from as_of)
  group by a.region_code
),

targets as (
  select p.*, t.elapsed * s.tolerance as target, s.min_available_fen
  from progress as p
  cross join as_of as t
  join settings as s on s.region_code = p.region_code
)

select
  'region' as subject_type,
  region_code as subject_id,
  region_code,
  (own_available * target - paid)::bigint as amount,
  concat((select budget_year from as_of), ' 年支出进度 ', round(100.0 * paid / own_available, 1), '% 低于目标 ',
    round(100.0 * target, 1), '% (本级可用 ', ((own_available)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元, 已支付 ',
    ((paid)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元)') as detail
from targets
where own_available >= min_available_fen and own_available > 0 and paid < own_available * target
