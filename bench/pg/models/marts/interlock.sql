-- translated from models/marts/interlock.sql sha256:ca289c5b81ec
-- 咬合 (ledger.md, Interlock): one row per T05/T06 transfer document, with the columns of contract.md's
-- `interlock` export first (the rows of exports/interlock.query.ts), then the reconciliation a reader wants.
--   issued     = the transfer's effective amount (its amount + the T09s that correct it)
--   imported   = Σ effective amounts of the T01s that import it (each with its own T09s)
--   in_transit = what the ledger says is left of it (ledger.document_balances.remaining = issued − carved);
--                the yml checks issued = imported + in_transit, so both sides of the interlock must agree
--   days_in_transit: while anything is in transit, the days from issue to as_of (meta.model_vars); once all
--                is imported, the days from issue to the last import (0 for a transfer corrected to nothing)
--   status     = 全部接收 (nothing in transit), 未接收 (nothing imported), 部分接收 (the rest)
with documents as (
  select *
  from intermediate.int_documents_rooted
),

settings as (
  select max(case when name = 'as_of' then value end)::date as as_of
  from meta.model_vars
),

transfers as (
  select
    doc_id,
    txn_code,
    region_code,
    target_region_code,
    budget_year,
    doc_date,
    fund_code,
    advance,
    amount,
    corrected,
    effective,
    remaining
  from documents
  where txn_code in ('T05', 'T06')
),

imports as (
  select
    parent_doc_id as doc_id,
    count(*) as imports,
    sum(effective)::bigint as imported,
    min(doc_date) as first_import_date,
    max(doc_date) as last_import_date
  from documents
  where txn_code = 'T01'
  group by parent_doc_id
),

reconciled as (
  select
    t.*,
    coalesce(i.imports, 0) as imports,
    coalesce(i.imported, 0)::bigint as imported,
    i.first_import_date,
    i.last_import_date
  from transfers as t
  left join imports as i on i.doc_id = t.doc_id
)

select
  r.doc_id,
  r.region_code as from_region,
  r.target_region_code as to_region,
  r.budget_year,
  r.effective as issued,
  r.imported,
  r.remaining as in_transit,
  r.doc_date as issued_date,
  r.first_import_date,
  r.last_import_date,
  r.imports,
  case
    when r.remaining > 0 then s.as_of - r.doc_date
    else coalesce(r.last_import_date, r.doc_date) - r.doc_date
  end as days_in_transit,
  case
    when r.remaining = 0 then '全部接收'
    when r.imported = 0 then '未接收'
    else '部分接收'
  end as status,
  r.txn_code,
  r.fund_code,
  r.advance,
  r.amount,
  r.corrected,
  s.as_of
from reconciled as r
cross join settings as s
