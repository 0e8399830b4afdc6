-- code: DQ14
-- title: 以专项资金名称或下达文件标题代替项目名称
-- level: yellow
-- category: 单据质量
-- subject: document
-- description: >-
--   The project name is the name of a fund (e.g. 中央财政专项扶贫资金, 2020年东西部扶贫协作资金) or the title of the
--   document that issued the money (e.g. 提前下达2018年第一批农村义务教育学生营养计划国家试点中央专项资金,
--   关于下达2020年中央财政专项扶贫资金的通知), not a project. Caught: the name, without a leading year, is a fund's
--   name of raw.funds, or it matches title_pattern. Names caught by DQ13 (too short) are left to it.
-- thresholds:
--   title_pattern:
--     default: '^(提前下达|关于|下达)|(的通知|的请示|的报告|资金)$'
--     description: 下达文件标题或资金名称式项目名称的正则 (RE2)
--   min_length:
--     default: '9'
--     description: 比它短的名称留给 DQ13 (未细化)
with settings as (
  select
    region_code,
    max(value) filter (where name = 'title_pattern') as title_pattern,
    max(value) filter (where name = 'min_length') as min_length
  from meta.rule_threshold_values
  where rule_code = 'DQ14'
  group by region_code
),

documents as (
  select doc_id, txn_code, region_code, project_code, trim(project_name) as project_name, amount
  from staging.stg_ledger__documents
  where txn_code = 'T04'
),

fund_names as (
  select distinct fund_name from staging.stg_raw__funds
)

select
  'document' as subject_type,
  d.doc_id as subject_id,
  d.region_code,
  d.amount,
  concat('以资金名称或文件标题代替项目名称: ', d.project_name) as detail
from documents as d
join settings as s on s.region_code = d.region_code
where length(d.project_name) >= s.min_length::integer
  and (regexp_matches(d.project_name, s.title_pattern)
    or regexp_replace(d.project_name, '^[0-9]{4}年(度)?', '') in (select fund_name from fund_names))
