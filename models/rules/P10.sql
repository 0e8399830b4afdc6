-- code: P10
-- title: 明细合计与指标不符
-- level: yellow
-- category: 到人到户
-- subject: document
-- description: >-
--   The payment detail (发放明细) under a document adds up to another amount than the ledger paid under it (its
--   T08 实际支付, through its T07s). Amount: the difference.
-- thresholds:
--   tolerance_fen:
--     default: 0
--     description: 允许的差额 (分)
with settings as (
  select region_code, max(value) filter (where name = 'tolerance_fen')::bigint as tolerance_fen
  from meta.rule_threshold_values
  where rule_code = 'P10'
  group by region_code
)

select
  'document' as subject_type,
  d.doc_id as subject_id,
  d.region_code,
  abs(d.detail_paid - d.ledger_paid) as amount,
  concat('发放明细合计 ', ((d.detail_paid)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元 (', d.payments, ' 笔) 与指标账实际支付 ', ((d.ledger_paid)::decimal(18, 0) * 0.01)::decimal(18, 2),
    ' 元不符') as detail
from marts.document_payments as d
join settings as s on s.region_code = d.region_code
where d.detail_paid is not null and abs(d.detail_paid - d.ledger_paid) > s.tolerance_fen
