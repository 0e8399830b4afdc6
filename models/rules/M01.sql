-- code: M01
-- title: 超时下达
-- level: orange
-- category: 资金流速
-- subject: document
-- description: >-
--   A region other than a county (省, 市) has not passed received transfers (T01) on within the days of 预算法 §52
--   (T04 细化本级支出 or T05/T06 转移): amount = the part distributed late (a T04/T05/T06 dated more than `days`
--   after the receipt) plus the part still undistributed when the as-of date is more than `days` after it.
-- thresholds:
--   days:
--     default: 30
--     description: 收到上级指标后应下达的天数 (预算法 §52)
--   levels:
--     default: province,city
--     description: 应在期限内下达的区划级次 (逗号分隔)
with settings as (
  select
    region_code,
    max(value) filter (where name = 'days')::integer as days,
    max(value) filter (where name = 'levels') as levels
  from meta.rule_threshold_values
  where rule_code = 'M01'
  group by region_code
),

as_of as (
  select value::date as as_of from meta.check_vars where name = 'as_of'
),

received as (
  select d.doc_id, d.region_code, d.doc_date, b.remaining, s.days
  from staging.stg_ledger__documents as d
  join staging.stg_ledger__document_balances as b on b.doc_id = d.doc_id
  join staging.stg_raw__region_current as g on g.code = d.region_code
  join settings as s on s.region_code = d.region_code
  where d.txn_code = 'T01'
    and list_contains(string_split(s.levels, ','), g.level)
    and d.doc_date <= (select as_of from as_of)
),

passed_on as (
  select
    r.doc_id,
    sum(b.effective) filter (where c.doc_date > r.doc_date + r.days)::bigint as late,
    max(c.doc_date - r.doc_date) as max_days
  from received as r
  join staging.stg_ledger__documents as c on c.source_doc_id = r.doc_id and c.txn_code in ('T04', 'T05', 'T06')
  join staging.stg_ledger__document_balances as b on b.doc_id = c.doc_id
  group by r.doc_id
),

findings as (
  select
    r.doc_id,
    r.region_code,
    r.days,
    coalesce(p.late, 0)::bigint as late,
    p.max_days,
    case when (select as_of from as_of) > r.doc_date + r.days then greatest(r.remaining, 0) else 0 end::bigint as undistributed
  from received as r
  left join passed_on as p on p.doc_id = r.doc_id
)

select
  'document' as subject_type,
  doc_id as subject_id,
  region_code,
  late + undistributed as amount,
  concat('收到上级指标后超过 ', days, ' 天未下达',
    case when late > 0 then concat(': 逾期下达 ', ((late)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元 (最迟第 ', max_days, ' 天)') else '' end,
    case when undistributed > 0 then concat('; 仍有 ', ((undistributed)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元未下达') else '' end) as detail
from findings
where late > 0 or undistributed > 0
