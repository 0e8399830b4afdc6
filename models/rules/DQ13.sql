-- code: DQ13
-- title: 项目名称未细化
-- level: yellow
-- category: 单据质量
-- subject: document
-- description: >-
--   The project name is only a sector or fund category (e.g. 水利专项, 扶贫专项, 林业专项): no place, no object,
--   no scale. Caught: a short name (at most max_length characters) made of a sector word and a generic ending.
-- thresholds:
--   max_length:
--     default: '8'
--     description: 未细化名称的最多字数
--   generic_pattern:
--     default: '^[\p{Han}]{0,6}(专项|项目|资金|工程|补助|经费)$'
--     description: 未细化名称的正则 (RE2)
with settings as (
  select
    region_code,
    max(value) filter (where name = 'max_length') as max_length,
    max(value) filter (where name = 'generic_pattern') as generic_pattern
  from meta.rule_threshold_values
  where rule_code = 'DQ13'
  group by region_code
),

documents as (
  select doc_id, txn_code, region_code, project_code, trim(project_name) as project_name, amount
  from staging.stg_ledger__documents
  where txn_code = 'T04'
)

select
  'document' as subject_type,
  d.doc_id as subject_id,
  d.region_code,
  d.amount,
  concat('项目名称未细化到具体项目: ', d.project_name) as detail
from documents as d
join settings as s on s.region_code = d.region_code
where length(d.project_name) <= s.max_length::integer and regexp_full_match(d.project_name, s.generic_pattern)
