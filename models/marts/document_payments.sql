-- What was paid under each spending document, by the ledger and by the payment detail (到人到户发放明细): one row
-- per T04 (细化本级支出, the document payments cite) and per other document a payment cites. Read by monitoring
-- (M05 超指标支付, P09 明细未导入, P10 明细合计与指标不符) and by the in-flow check of a payment.
--   effective     = amount + its red corrections (T09)
--   ledger_paid   = Σ effective amounts of the T08s (实际支付) under it: for a T04 the T08s of its T07s, for a
--                   T07 its T08s, for a T08 itself
--   detail_paid   = Σ paid of the payments citing it (null when none); detail_payable likewise
with documents as (
  select
    doc_id,
    txn_code,
    region_code,
    budget_year,
    doc_date,
    doc_no,
    fund_code,
    project_code,
    project_name,
    amount,
    for_poor,
    direct
  from staging.stg_ledger__documents
),

balances as (
  select
    doc_id,
    source_doc_id,
    txn_code,
    effective
  from staging.stg_ledger__document_balances
),

detail as (
  select
    doc_id,
    count(*) as payments,
    sum(paid)::bigint as detail_paid,
    sum(payable)::bigint as detail_payable,
    min(pay_month) as first_month,
    max(pay_month) as last_month
  from marts.payments
  group by doc_id
),

payments_of_plans as (
  select
    t08.source_doc_id as t07,
    sum(t08.effective)::bigint as paid
  from balances as t08
  where t08.txn_code = 'T08'
  group by t08.source_doc_id
),

ledger_paid as (
  select
    t07.source_doc_id as doc_id,
    sum(p.paid)::bigint as paid
  from balances as t07
  join payments_of_plans as p on p.t07 = t07.doc_id
  where t07.txn_code = 'T07'
  group by t07.source_doc_id
  union all
  select t07 as doc_id, paid from payments_of_plans
  union all
  select doc_id, effective from balances where txn_code = 'T08'
)

select
  d.doc_id,
  d.txn_code,
  d.region_code,
  d.budget_year,
  d.doc_date,
  d.doc_no,
  d.fund_code,
  d.project_code,
  d.project_name,
  d.for_poor,
  d.direct,
  d.amount,
  b.effective,
  coalesce(l.paid, 0)::bigint as ledger_paid,
  coalesce(x.payments, 0)::bigint as payments,
  x.detail_paid,
  x.detail_payable,
  x.first_month,
  x.last_month
from documents as d
join balances as b on b.doc_id = d.doc_id
left join ledger_paid as l on l.doc_id = d.doc_id
left join detail as x on x.doc_id = d.doc_id
where d.txn_code = 'T04' or x.doc_id is not null
