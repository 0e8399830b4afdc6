-- code: L01
-- title: 上下级不咬合
-- level: orange
-- category: 咬合
-- subject: transfer
-- description: >-
--   What an upper level transferred (T05/T06, with its corrections) differs from what the region recorded as
--   received (its T01s), more than `grace_days` after the transfer (as of the as-of date): a partial or missing
--   import. Amount: the difference. The alert goes to the receiving region.
-- thresholds:
--   grace_days:
--     default: 30
--     description: 下达后允许在途的天数
with settings as (
  select region_code, max(value) filter (where name = 'grace_days')::integer as grace_days
  from meta.rule_threshold_values
  where rule_code = 'L01'
  group by region_code
),

as_of as (
  select value::date as as_of from meta.check_vars where name = 'as_of'
)

select
  'transfer' as subject_type,
  i.doc_id as subject_id,
  i.to_region as region_code,
  abs(i.in_transit) as amount,
  concat(i.from_region, ' 下达 ', i.to_region, ' ', ((i.issued)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元, 下级接收 ',
    ((i.imported)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元, 相差 ', ((i.in_transit)::decimal(18, 0) * 0.01)::decimal(18, 2),
    ' 元 (', i.status, ')') as detail
from marts.interlock as i
join settings as s on s.region_code = i.to_region
where i.in_transit <> 0 and (select as_of from as_of) - i.issued_date > s.grace_days
