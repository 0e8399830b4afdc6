-- code: DQ05
-- title: 文号格式不规范
-- level: blue
-- category: 单据质量
-- subject: document
-- description: >-
--   A 文号 that has the shape of one (an organ, a year, 号) but not the form of GB/T 9704-2012 §7.2.5: the year in
--   other brackets than 〔〕 ([], （）, (), 【】), a number with leading zeros, or 第 before the number.
-- thresholds:
--   defect_pattern:
--     default: '[\[\]（）()【】]|〕0[0-9]|第[0-9]+号'
--     description: 格式缺陷的正则 (RE2)
with settings as (
  select
    region_code,
    max(value) filter (where name = 'defect_pattern') as defect_pattern
  from meta.rule_threshold_values
  where rule_code = 'DQ05'
  group by region_code
),

documents as (
  select doc_id, txn_code, region_code, doc_no, sup_doc_no, amount
  from staging.stg_ledger__documents
  where txn_code not in ('T07', 'T08', 'T10')
)

select
  'document' as subject_type,
  d.doc_id as subject_id,
  d.region_code,
  d.amount,
  concat('文号格式不规范 (应为 机关代字〔年份〕序号号): ', d.doc_no) as detail
from documents as d
join settings as s on s.region_code = d.region_code
where regexp_matches(d.doc_no, '(19|20)[0-9]{2}') and regexp_matches(d.doc_no, '号$')
  and regexp_matches(d.doc_no, s.defect_pattern)
  and not regexp_full_match(trim(d.doc_no), '^[\p{Han}]{1,12}〔(19|20)[0-9]{2}〕[1-9][0-9]*号$')
