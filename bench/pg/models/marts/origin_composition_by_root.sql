-- translated from models/marts/origin_composition_by_root.sql sha256:523fc8e921b0
-- 资金来源构成, by root region: what each fund of a region received in a budget year, by the region whose own
-- arrangement (the root T02 of the tree) the money started from. origin_kind follows from the two regions
-- (intermediate.int_documents_rooted): 中央/省/市/县/乡 for an ancestor, 本级 for the region itself, 横向 otherwise.
-- What a fund received (its inflows, effective amounts: amount + the T09s that correct it):
--   T01 with a local fund (an upper or 横向 transfer imported into the fund), T02 with a fund (own arrangement),
--   T03 (resources of 1001 registered into the fund), T10 (a balance carried into the year: budget_year is its
--   money_year, the year after the carried document's).
-- A T01/T02 without a fund sits in 1001 and shows under fund_code null, less what T03s have registered from it
-- into a fund, so a region's rows sum to all it received (4001 of the year, less the carry-over's red mirror).
with documents as (
  select doc_id, parent_doc_id, txn_code, region_code, fund_code, money_year, root_region_code, origin_kind, effective
  from intermediate.int_documents_rooted
),

inflows as (
  select
    money_year as budget_year,
    region_code,
    fund_code,
    root_region_code,
    origin_kind,
    txn_code,
    effective as amount
  from documents
  where txn_code in ('T01', 'T02', 'T03', 'T10')
),

-- a T03 moves what it registers out of its source's 1001 (a T01/T02 without a fund)
registered_out as (
  select
    t.money_year as budget_year,
    t.region_code,
    s.fund_code,
    t.root_region_code,
    t.origin_kind,
    'T03-' as txn_code,
    -t.effective as amount
  from documents as t
  join documents as s on s.doc_id = t.parent_doc_id
  where t.txn_code = 'T03'
),

flows as (
  select * from inflows
  union all
  select * from registered_out
)

select
  budget_year,
  region_code,
  fund_code,
  root_region_code,
  origin_kind,
  sum(amount)::bigint as amount,
  coalesce(sum(amount) filter (where txn_code = 'T10'), 0)::bigint as carried_over,
  count(*) filter (where txn_code <> 'T03-') as documents
from flows
group by budget_year, region_code, fund_code, root_region_code, origin_kind
having fund_code is not null or sum(amount) <> 0
