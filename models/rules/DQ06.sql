-- code: DQ06
-- title: 以"本级追加"等占位文字代替文号
-- level: yellow
-- category: 单据质量
-- subject: document
-- description: >-
--   The 文号 field holds placeholder words such as 本级追加, 追加, 本级配套 or 调整追加 instead of a number.
-- thresholds:
--   placeholder_pattern:
--     default: '^(本级|调整)?(追加|配套|调整|安排)(指标|资金)?$'
--     description: 占位文字的正则 (RE2)
with settings as (
  select
    region_code,
    max(value) filter (where name = 'placeholder_pattern') as placeholder_pattern
  from meta.rule_threshold_values
  where rule_code = 'DQ06'
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
  concat('以占位文字代替文号: ', d.doc_no) as detail
from documents as d
join settings as s on s.region_code = d.region_code
where regexp_full_match(trim(d.doc_no), s.placeholder_pattern)
