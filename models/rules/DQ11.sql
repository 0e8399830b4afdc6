-- code: DQ11
-- title: 项目名称缺失
-- level: orange
-- category: 单据质量
-- subject: document
-- description: >-
--   A T04 (细化本级支出) was registered without a project name.
-- thresholds:
--   min_length:
--     default: '1'
--     description: 项目名称的最少字数 (少于它视为缺失)
with settings as (
  select
    region_code,
    max(value) filter (where name = 'min_length') as min_length
  from meta.rule_threshold_values
  where rule_code = 'DQ11'
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
  concat('T04 单据 ', d.doc_id, ' 未填写项目名称', case when d.project_code is null then '' else concat(' (项目代码 ', d.project_code, ')') end) as detail
from documents as d
join settings as s on s.region_code = d.region_code
where coalesce(length(d.project_name), 0) < s.min_length::integer
