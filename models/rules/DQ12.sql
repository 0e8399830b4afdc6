-- code: DQ12
-- title: 以数字代替项目名称
-- level: yellow
-- category: 单据质量
-- subject: document
-- description: >-
--   The project name is a number (e.g. 53, 877): it says nothing about what is built or paid for.
-- thresholds:
--   number_pattern:
--     default: '^[0-9]+([-－—/.][0-9]+)*$'
--     description: 纯数字项目名称的正则 (RE2)
with settings as (
  select
    region_code,
    max(value) filter (where name = 'number_pattern') as number_pattern
  from meta.rule_threshold_values
  where rule_code = 'DQ12'
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
  concat('以数字代替项目名称: ', d.project_name) as detail
from documents as d
join settings as s on s.region_code = d.region_code
where regexp_full_match(d.project_name, s.number_pattern)
