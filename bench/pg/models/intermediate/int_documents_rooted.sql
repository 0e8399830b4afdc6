-- translated from models/intermediate/int_documents_rooted.sql sha256:9a54d8adb56f
-- PostgreSQL: the recursive CTE is estimated at ~200× its rows, so the planner would join documents × documents
-- (a cross product, 4.9 G rows at province scale) before the tree; the joins are kept in their written order.
-- pg-setting: join_collapse_limit = 1
-- Every document placed in its tree (ledger.md): each document but T02 and T09 is carved from one source, a
-- T09 hangs under the document it corrects, so every document has exactly one parent and the tree's roots are
-- the T02s (money a level arranged itself). A document whose parent is missing from the ledger is a root too.
-- The origin of any amount is its root, found by walking down from the roots: no proportional guessing.
-- origin_kind is the origin seen from the document's own region: 本级 when the root lies in that region,
-- 中央/省/市/县/乡 (the root region's level) when the root lies in one of its ancestors, 横向 otherwise
-- (e.g. 东西部协作 money whose root is in another province).
with recursive documents as (
  select
    doc_id,
    txn_code,
    region_code,
    budget_year,
    doc_date,
    doc_no,
    source_doc_id,
    corrects_doc_id,
    fund_code,
    project_code,
    target_region_code,
    amount,
    advance
  from staging.stg_ledger__documents
),

balances as (
  select doc_id, money_year, corrected, effective, carved, remaining, held_in, held
  from staging.stg_ledger__document_balances
),

regions as (
  select code, level
  from staging.stg_raw__region_current
),

closure as (
  select ancestor_code, code
  from staging.stg_raw__region_closure
  where depth > 0
),

nodes as (
  select
    doc_id,
    case when txn_code = 'T09' then corrects_doc_id else source_doc_id end as parent_doc_id
  from documents
),

-- Documents are registered only after their parent, so the tree has no cycles; the bound only stops a
-- corrupted warehouse from recursing without end (real chains are about ten levels deep).
tree (doc_id, root_doc_id, depth, sort_path) as (
  select n.doc_id, n.doc_id, 0, array[n.doc_id]
  from nodes as n
  where n.parent_doc_id is null or n.parent_doc_id not in (select doc_id from documents)
  union all
  select n.doc_id, t.root_doc_id, t.depth + 1, array_append(t.sort_path, n.doc_id)
  from tree as t
  join nodes as n on n.parent_doc_id = t.doc_id
  where t.depth < 200
),

rooted as (
  select
    d.*,
    n.parent_doc_id,
    t.root_doc_id,
    t.depth,
    t.sort_path,
    r.txn_code as root_txn_code,
    r.region_code as root_region_code,
    r.fund_code as root_fund_code,
    r.budget_year as root_budget_year
  from documents as d
  join nodes as n on n.doc_id = d.doc_id
  join tree as t on t.doc_id = d.doc_id
  join documents as r on r.doc_id = t.root_doc_id
)

select
  d.doc_id,
  d.parent_doc_id,
  d.source_doc_id,
  d.corrects_doc_id,
  d.root_doc_id,
  d.root_txn_code,
  d.root_region_code,
  rr.level as root_level,
  d.root_fund_code,
  d.root_budget_year,
  case
    when d.root_region_code = d.region_code then '本级'
    when c.ancestor_code is null then '横向'
    when rr.level = 'central' then '中央'
    when rr.level = 'province' then '省'
    when rr.level = 'city' then '市'
    when rr.level = 'county' then '县'
    when rr.level = 'township' then '乡'
  end as origin_kind,
  d.depth,
  d.sort_path,
  d.txn_code,
  d.region_code,
  d.budget_year,
  b.money_year,
  d.doc_date,
  d.doc_no,
  d.fund_code,
  d.project_code,
  d.target_region_code,
  d.advance,
  d.amount,
  b.corrected,
  b.effective,
  b.carved,
  b.remaining,
  b.held_in,
  b.held
from rooted as d
join balances as b on b.doc_id = d.doc_id
left join regions as rr on rr.code = d.root_region_code
left join closure as c on c.code = d.region_code and c.ancestor_code = d.root_region_code
