-- code: M06
-- title: 支付范围不符
-- level: red
-- category: 资金流向
-- subject: document
-- in_flow: document
-- in_flow_txn_codes: [T04]
-- description: >-
--   A poverty fund (raw.funds.poverty) is spent (T04 细化本级支出) under a function subject outside the poverty
--   subjects (21305), or under a barred economic subject (三公经费: 30212 因公出国, 30217 公务接待, 30231 公务用车运行,
--   31013 公务用车购置; 39999 其他支出). In flow it stops such a T04 from being registered.
-- thresholds:
--   func_prefix:
--     default: '21305'
--     description: 扶贫资金允许的功能分类科目前缀
--   barred_econ_subjects:
--     default: 30212,30217,30231,31013,39999
--     description: 扶贫资金禁止列支的经济分类科目 (逗号分隔)
with settings as (
  select
    region_code,
    max(value) filter (where name = 'func_prefix') as func_prefix,
    string_split(max(value) filter (where name = 'barred_econ_subjects'), ',') as barred
  from meta.rule_threshold_values
  where rule_code = 'M06'
  group by region_code
)

select
  'document' as subject_type,
  d.doc_id as subject_id,
  d.region_code,
  d.amount,
  concat(f.fund_name, ' (扶贫资金) ',
    case when not starts_with(coalesce(d.func_subject, ''), s.func_prefix)
      then concat('列支功能科目 ', coalesce(d.func_subject, '(空)'), ', 不在 ', s.func_prefix, ' 扶贫科目内')
      else concat('列支禁止的经济科目 ', d.econ_subject) end) as detail
from staging.stg_ledger__documents as d
join staging.stg_raw__funds as f on f.region_code = d.region_code and f.fund_code = d.fund_code
join settings as s on s.region_code = d.region_code
where d.txn_code = 'T04' and f.poverty
  and (not starts_with(coalesce(d.func_subject, ''), s.func_prefix) or list_contains(s.barred, d.econ_subject))

-- @in_flow
with settings as (
  select
    region_code,
    max(value) filter (where name = 'func_prefix') as func_prefix,
    string_split(max(value) filter (where name = 'barred_econ_subjects'), ',') as barred
  from meta.rule_threshold_values
  -- the candidates' regions only (and the default): not one row per region of the province
  where rule_code = 'M06' and (region_code = '*' or region_code in (select region_code from candidate_documents))
  group by region_code
),

candidates as (
  select
    c.doc_id, c.region_code, c.func_subject, c.econ_subject,
    coalesce(c.fund_code, src.fund_code, bat.fund_code) as fund_code
  from candidate_documents as c
  -- only the candidates' sources (a semi-join filter on the scan), not every document
  left join (
    select doc_id, fund_code from staging.stg_ledger__documents
    where doc_id in (select source_doc_id from candidate_documents)
  ) as src on src.doc_id = c.source_doc_id
  left join candidate_documents as bat on bat.doc_id = c.source_doc_id
  where c.txn_code = 'T04'
)

select
  c.doc_id as subject_id,
  concat(f.fund_name, ' 是扶贫资金, ',
    case when not starts_with(coalesce(c.func_subject, ''), s.func_prefix)
      then concat('不能列支功能科目 ', coalesce(c.func_subject, '(空)'), ' (应在 ', s.func_prefix, ' 扶贫科目内)')
      else concat('不能列支经济科目 ', c.econ_subject, ' (三公经费或其他支出)') end) as detail
from candidates as c
join staging.stg_raw__funds as f on f.region_code = c.region_code and f.fund_code = c.fund_code
-- a region registered after the thresholds were last resolved takes the default ('*')
join settings as s on s.region_code = coalesce(
  (select max(t.region_code) from settings as t where t.region_code = c.region_code), '*')
where f.poverty
  and (not starts_with(coalesce(c.func_subject, ''), s.func_prefix) or list_contains(s.barred, c.econ_subject))
