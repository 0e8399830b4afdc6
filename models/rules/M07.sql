-- code: M07
-- title: 提前下达比例偏低
-- level: blue
-- category: 资金流量
-- subject: fund
-- description: >-
--   Of what a region transferred down (T05) from one fund in the as-of date's budget year, the part issued in
--   advance (提前下达, in Q4 of the year before) is below min_share. Subject: `<issuing region>/<fund_code>`.
--   Amount: the advance shortfall against min_share.
-- thresholds:
--   min_share:
--     default: 0.7
--     description: 提前下达比例下限
with settings as (
  select region_code, max(value) filter (where name = 'min_share')::double as min_share
  from meta.rule_threshold_values
  where rule_code = 'M07'
  group by region_code
),

transfers as (
  select
    i.from_region as region_code,
    i.fund_code,
    sum(i.issued)::bigint as issued,
    coalesce(sum(i.issued) filter (where i.advance), 0)::bigint as advance
  from marts.interlock as i
  where i.txn_code = 'T05' and i.fund_code is not null
    and i.budget_year = (select year(value::date) from meta.check_vars where name = 'as_of')
  group by i.from_region, i.fund_code
)

select
  'fund' as subject_type,
  concat(t.region_code, '/', t.fund_code) as subject_id,
  t.region_code,
  (t.issued * s.min_share - t.advance)::bigint as amount,
  concat('资金 ', t.fund_code, ' 提前下达 ', ((t.advance)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元, 占全年下达 ',
    ((t.issued)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元的 ', round(100.0 * t.advance / t.issued, 1), '%, 低于 ',
    round(100 * s.min_share, 1), '%') as detail
from transfers as t
join settings as s on s.region_code = t.region_code
where t.issued > 0 and t.advance < t.issued * s.min_share
