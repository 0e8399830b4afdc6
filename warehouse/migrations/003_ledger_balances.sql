-- What is left of every document of the 指标账 (ledger.md, rules 2 and 5), as a view over ledger.documents.
-- The ledger engine reads it for rule 2/5, `verify` for the interlock and holdings checks, carry-over for T10.
--   corrected = Σ amounts of the T09 documents that correct it (negative)
--   effective = amount + corrected
--   carved    = Σ effective amounts of the documents carved from it (source_doc_id; T10 included, T09 not)
--   remaining = effective − carved (0 for a T09, which holds nothing)
--   money_year = the budget year where its money sits: budget_year, + 1 for a T10 (年终结转)
--   held_in    = the account where its remaining sits; T05/T06 hold their whole effective amount in
--                500202/500203 (what a lower level imported is in transit no longer, but it stays issued)
--   held       = what the document holds in held_in: remaining, or effective for T05/T06
create or replace view ledger.document_balances as
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
from balances;
