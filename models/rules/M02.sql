-- code: M02
-- title: 在途未接收
-- level: orange
-- category: 资金流速
-- subject: transfer
-- description: >-
--   A transfer (T05/T06) addressed to a region has not been imported (T01) within `days` of its issue: imported
--   later than that, or still (partly) in transit more than `days` after it as of the as-of date. Amount: what is
--   still in transit, else what was imported late. The alert goes to the receiving region.
-- thresholds:
--   days:
--     default: 15
--     description: 下级应接收 (指标关联) 上级指标的天数
with settings as (
  select region_code, max(value) filter (where name = 'days')::integer as days
  from meta.rule_threshold_values
  where rule_code = 'M02'
  group by region_code
),

as_of as (
  select value::date as as_of from meta.check_vars where name = 'as_of'
),

transfers as (
  select i.*, s.days
  from marts.interlock as i
  join settings as s on s.region_code = i.to_region
  where i.issued_date <= (select as_of from as_of)
)

select
  'transfer' as subject_type,
  doc_id as subject_id,
  to_region as region_code,
  case when in_transit > 0 then in_transit else imported end as amount,
  case
    when in_transit > 0 then concat(txn_code, ' 于 ', issued_date, ' 下达 ', from_region, ' → ', to_region, ', 已过 ',
      (select as_of from as_of) - issued_date, ' 天仍有 ', ((in_transit)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元未接收')
    else concat(txn_code, ' 于 ', issued_date, ' 下达, ', first_import_date, ' 才接收 (', first_import_date - issued_date,
      ' 天, 超过 ', days, ' 天)')
  end as detail
from transfers
where (in_transit > 0 and (select as_of from as_of) - issued_date > days)
  or (first_import_date - issued_date > days)
