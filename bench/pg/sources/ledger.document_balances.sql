-- ledger.document_balances (warehouse/migrations/003_ledger_balances.sql) in PostgreSQL: the same query.
with corrections as (
  select corrects_doc_id as doc_id, sum(amount)::bigint as corrected
  from ledger.documents
  where txn_code = 'T09'
  group by corrects_doc_id
),
effective as (
  select
    d.doc_id, d.txn_code, d.region_code, d.budget_year, d.fund_code, d.source_doc_id, d.corrects_doc_id,
    d.target_region_code, d.amount,
    coalesce(c.corrected, 0)::bigint as corrected,
    (d.amount + coalesce(c.corrected, 0))::bigint as effective
  from ledger.documents as d
  left join corrections as c on c.doc_id = d.doc_id
),
carved as (
  select source_doc_id as doc_id, sum(effective)::bigint as carved
  from effective
  where source_doc_id is not null and txn_code <> 'T09'
  group by source_doc_id
),
balances as (
  select
    e.*,
    coalesce(k.carved, 0)::bigint as carved,
    case when e.txn_code = 'T09' then 0 else e.effective - coalesce(k.carved, 0) end::bigint as remaining,
    e.budget_year + case when e.txn_code = 'T10' then 1 else 0 end as money_year,
    case
      when e.txn_code in ('T01', 'T02') and e.fund_code is null then '1001'
      when e.txn_code in ('T01', 'T02', 'T03', 'T10') then '5001'
      when e.txn_code = 'T04' then '500201'
      when e.txn_code = 'T05' then '500202'
      when e.txn_code = 'T06' then '500203'
      when e.txn_code = 'T07' then '5101'
      when e.txn_code = 'T08' then '5201'
    end as held_in
  from effective as e
  left join carved as k on k.doc_id = e.doc_id
)
select
  doc_id, txn_code, region_code, budget_year, money_year, fund_code, source_doc_id, corrects_doc_id,
  target_region_code, amount, corrected, effective, carved, remaining, held_in,
  case when txn_code in ('T05', 'T06') then effective else remaining end::bigint as held
from balances
