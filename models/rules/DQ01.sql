-- code: DQ01
-- title: 指标文号缺失
-- level: yellow
-- category: 单据质量
-- subject: document
-- description: >-
--   A document that should carry its own 指标文号 (every 交易令 but T07/T08, which cite their T04's, and T10
--   年终结转, which has none) was registered without one.
-- thresholds:
--   exempt_txn_codes:
--     default: ''
--     description: 另外不要求文号的交易令 (逗号分隔, 如 T09; T07/T08/T10 本就不要求)
with settings as (
  select
    region_code,
    max(value) filter (where name = 'exempt_txn_codes') as exempt_txn_codes
  from meta.rule_threshold_values
  where rule_code = 'DQ01'
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
  concat(d.txn_code, ' 单据 ', d.doc_id, ' 未填写指标文号') as detail
from documents as d
join settings as s on s.region_code = d.region_code
where nullif(trim(coalesce(d.doc_no, '')), '') is null
  and not list_contains(string_split(coalesce(s.exempt_txn_codes, ''), ','), d.txn_code)
