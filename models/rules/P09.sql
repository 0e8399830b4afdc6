-- code: P09
-- title: 明细未导入
-- level: orange
-- category: 到人到户
-- subject: document
-- description: >-
--   A T04 marked 全部用于贫困人员 (whose money the township must pay to named people) has no payment detail
--   (发放明细) `days` days after its date, as of the as-of date. Amount: the document's amount with its corrections.
-- thresholds:
--   days:
--     default: 60
--     description: 单据日期后应导入发放明细的天数
with settings as (
  select region_code, max(value) filter (where name = 'days')::integer as days
  from meta.rule_threshold_values
  where rule_code = 'P09'
  group by region_code
)

select
  'document' as subject_type,
  d.doc_id as subject_id,
  d.region_code,
  d.effective as amount,
  concat('全部用于贫困人员的指标 ', coalesce(d.doc_no, d.doc_id), ' (', d.doc_date, ', ', ((d.effective)::decimal(18, 0) * 0.01)::decimal(18, 2),
    ' 元) 已过 ', (select value::date from meta.check_vars where name = 'as_of') - d.doc_date, ' 天仍未导入发放明细') as detail
from marts.document_payments as d
join settings as s on s.region_code = d.region_code
where d.txn_code = 'T04' and d.for_poor and d.payments = 0 and d.effective > 0
  and (select value::date from meta.check_vars where name = 'as_of') - d.doc_date > s.days
