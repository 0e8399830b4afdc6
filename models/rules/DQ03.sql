-- code: DQ03
-- title: 以数字代替文号
-- level: yellow
-- category: 单据质量
-- subject: document
-- description: >-
--   The 文号 is digits only, possibly with separators (e.g. 2-14-80, 177, 523): no issuing organ, no year.
-- thresholds:
--   number_pattern:
--     default: '^[0-9]+([-－—/.][0-9]+)*$'
--     description: 纯数字文号的正则 (RE2)
with settings as (
  select
    region_code,
    max(value) filter (where name = 'number_pattern') as number_pattern
  from meta.rule_threshold_values
  where rule_code = 'DQ03'
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
  concat('以数字代替文号: ', d.doc_no) as detail
from documents as d
join settings as s on s.region_code = d.region_code
where regexp_full_match(trim(d.doc_no), s.number_pattern)
