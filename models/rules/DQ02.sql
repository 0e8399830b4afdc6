-- code: DQ02
-- title: 以请示/报告/纪要/函等标题代替文号
-- level: yellow
-- category: 单据质量
-- subject: document
-- description: >-
--   The 文号 field holds the title of a request, report, minutes or letter (e.g.
--   XXX教育局关于落实2018年建档立卡学生市级配套资金的请示) instead of a document number.
-- thresholds:
--   title_pattern:
--     default: '(请示|报告|纪要|函|通知|意见|批复|方案)$|^关于'
--     description: 标题式文号的正则 (RE2)
with settings as (
  select
    region_code,
    max(value) filter (where name = 'title_pattern') as title_pattern
  from meta.rule_threshold_values
  where rule_code = 'DQ02'
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
  concat('以标题代替文号: ', d.doc_no) as detail
from documents as d
join settings as s on s.region_code = d.region_code
where regexp_matches(trim(d.doc_no), s.title_pattern)
  and not regexp_full_match(trim(d.doc_no), '^[\p{Han}]{1,12}〔(19|20)[0-9]{2}〕[1-9][0-9]*号$')
