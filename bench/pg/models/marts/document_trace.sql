-- translated from models/marts/document_trace.sql sha256:c0fa5adf4ab0
-- 追溯: one row per document placed in its tree, with the columns of contract.md's `trace` export first
-- (doc_id … depth: the rows of exports/trace.query.ts) and then what a reader of the tree wants: the origin
-- seen from the document's region, the root's level, the document's dates and codes, and sort_path (the
-- doc_ids from the root down to it: ordering by it gives tree order, each subtree contiguous).
-- carved and remaining are the ledger's own (ledger.document_balances); a T05/T06's remaining is what is
-- still in transit, a T09's is 0.
with rooted as (
  select *
  from intermediate.int_documents_rooted
),

parents as (
  select distinct parent_doc_id as doc_id
  from rooted
  where parent_doc_id is not null
)

select
  r.doc_id,
  r.parent_doc_id,
  r.root_doc_id,
  r.root_region_code as root_region,
  r.region_code,
  r.fund_code,
  r.txn_code,
  r.amount,
  r.carved,
  r.remaining,
  r.depth,
  r.origin_kind,
  r.root_level,
  r.root_txn_code,
  r.root_fund_code,
  r.budget_year,
  r.money_year,
  r.doc_date,
  r.doc_no,
  r.project_code,
  r.target_region_code,
  r.corrected,
  r.effective,
  p.doc_id is null as is_leaf,
  r.sort_path
from rooted as r
left join parents as p on p.doc_id = r.doc_id
