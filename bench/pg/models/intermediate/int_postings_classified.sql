-- translated from models/intermediate/int_postings_classified.sql sha256:3566922a8360
-- Every posting of the 指标账 with what the models of the 总台账 need to know about it:
--   base_txn_code: the 交易令 the posting belongs to in substance (the corrected document's for a T09);
--   flow (4001 and 500202/500203 only): own 本级安排, transfer_in 上级/横向 import, carried_in 上年结转,
--     carried_out 结转下年 (the red year-Y half of a T10), transfer_out 对下级/横向 transfer;
--   counterpart_region_code: for transfer_in the region that issued the T05/T06 (the posting's source
--     document; a T09 copies its corrected lines' source), for transfer_out the target region;
--   is_initial: 年初预算 (documents marked 提前下达, T01 imports of such documents, and T02 本级安排 dated on
--     or before the budget year's initial_budget_cutoff); everything else is an in-year adjustment.
with postings as (
  select
    posting_id, doc_id, txn_code, region_code, budget_year, doc_date, fund_code, account_code, debit, credit,
    source_type, project_code, target_region_code, source_doc_id, corrects_doc_id
  from staging.stg_ledger__postings
),

documents as (
  select doc_id, txn_code, budget_year, doc_date, source_doc_id, region_code, advance
  from staging.stg_ledger__documents
),

cutoff as (
  select value as month_day from meta.model_vars where name = 'initial_budget_cutoff'
),

located as (
  select
    p.*,
    coalesce(c.txn_code, d.txn_code) as base_txn_code,
    coalesce(c.budget_year, d.budget_year) as base_budget_year,
    -- a T09's postings name no source: its corrected document's source issued the transfer
    coalesce(s.region_code, cs.region_code) as source_region_code,
    d.txn_code <> 'T09' and d.txn_code <> 'T10' and (
      d.advance
      or (d.txn_code = 'T01' and coalesce(ds.advance, false))
      or (d.txn_code = 'T02' and d.doc_date <= cast(d.budget_year || '-' || (select month_day from cutoff) as date))
    ) as is_initial,
    d.advance or (d.txn_code = 'T01' and coalesce(ds.advance, false)) as is_advance
  from postings as p
  join documents as d on d.doc_id = p.doc_id
  left join documents as c on c.doc_id = p.corrects_doc_id
  left join documents as s on s.doc_id = p.source_doc_id
  left join documents as cs on cs.doc_id = c.source_doc_id
  left join documents as ds on ds.doc_id = d.source_doc_id
)

select
  posting_id,
  doc_id,
  txn_code,
  base_txn_code,
  region_code,
  budget_year,
  doc_date,
  fund_code,
  account_code,
  debit,
  credit,
  source_type,
  project_code,
  source_doc_id,
  corrects_doc_id,
  case
    when account_code = '4001' and base_txn_code = 'T10' and budget_year = base_budget_year then 'carried_out'
    when account_code = '4001' and base_txn_code = 'T10' then 'carried_in'
    when account_code = '4001' and base_txn_code = 'T02' then 'own'
    when account_code = '4001' and base_txn_code = 'T01' then 'transfer_in'
    when account_code in ('500202', '500203') then 'transfer_out'
  end as flow,
  case
    when account_code = '4001' and base_txn_code = 'T01' then source_region_code
    when account_code in ('500202', '500203') then target_region_code
  end as counterpart_region_code,
  coalesce(is_initial, false) as is_initial,
  coalesce(is_advance, false) as is_advance
from located
