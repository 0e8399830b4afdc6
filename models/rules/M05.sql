-- code: M05
-- title: 超指标支付
-- level: red
-- category: 资金流向
-- subject: document
-- in_flow: document
-- in_flow_txn_codes: [T09]
-- description: >-
--   The payment detail (到人到户发放明细) under a document exceeds the document's amount (with its red corrections).
--   Amount: the excess. In flow it stops a red correction (T09) that would take a document below what its payment
--   detail has already paid (the payments' own in-flow check is checkPaymentInFlow's M05).
-- thresholds:
--   tolerance_fen:
--     default: 0
--     description: 允许超出的金额 (分)
with settings as (
  select region_code, max(value) filter (where name = 'tolerance_fen')::bigint as tolerance_fen
  from meta.rule_threshold_values
  where rule_code = 'M05'
  group by region_code
)

select
  'document' as subject_type,
  d.doc_id as subject_id,
  d.region_code,
  d.detail_paid - d.effective as amount,
  concat('发放明细合计 ', ((d.detail_paid)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元 (', d.payments, ' 笔) 超过指标 ',
    ((d.effective)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元') as detail
from marts.document_payments as d
join settings as s on s.region_code = d.region_code
where d.detail_paid > d.effective + s.tolerance_fen

-- @in_flow
with settings as (
  select region_code, max(value) filter (where name = 'tolerance_fen')::bigint as tolerance_fen
  from meta.rule_threshold_values
  -- the candidates' regions only (and the default): not one row per region of the province
  where rule_code = 'M05' and (region_code = '*' or region_code in (select region_code from candidate_documents))
  group by region_code
),

corrections as (
  select c.doc_id, c.region_code, c.corrects_doc_id, c.amount
  from candidate_documents as c
  where c.txn_code = 'T09' and c.corrects_doc_id is not null
),

detail as (
  -- a join with the corrections (not `in (select …)`): with no correction among the candidates the build side
  -- is empty and the 30 M payments are not read at all
  select p.doc_id, sum(p.paid)::bigint as paid, count(*) as payments
  from corrections as k
  join staging.stg_raw__payments as p on p.doc_id = k.corrects_doc_id
  group by p.doc_id
),

-- the corrected documents' effective amounts (amount + their earlier red corrections), from the documents
-- themselves: joined to the corrections, so that nothing is read when the candidates hold none
corrected as (
  select d.doc_id, d.amount
  from corrections as k
  join staging.stg_ledger__documents as d on d.doc_id = k.corrects_doc_id
),

earlier as (
  select t.corrects_doc_id as doc_id, sum(t.amount)::bigint as amount
  from corrections as k
  join staging.stg_ledger__documents as t on t.corrects_doc_id = k.corrects_doc_id and t.txn_code = 'T09'
  group by t.corrects_doc_id
),

b as (
  select d.doc_id, d.amount + coalesce(e.amount, 0) as effective
  from corrected as d
  left join earlier as e on e.doc_id = d.doc_id
)

select
  c.doc_id as subject_id,
  concat('更正后单据 ', c.corrects_doc_id, ' 的金额 ', ((b.effective + c.amount)::decimal(18, 0) * 0.01)::decimal(18, 2),
    ' 元将低于其发放明细合计 ', ((x.paid)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元 (', x.payments, ' 笔)') as detail
from corrections as c
join b on b.doc_id = c.corrects_doc_id
join detail as x on x.doc_id = c.corrects_doc_id
-- a region registered after the thresholds were last resolved takes the default ('*')
join settings as s on s.region_code = coalesce(
  (select max(t.region_code) from settings as t where t.region_code = c.region_code), '*')
where x.paid > b.effective + c.amount + s.tolerance_fen
