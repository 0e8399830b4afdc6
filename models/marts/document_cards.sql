-- The API's card of each document (the documents the screens can name: those of a region of marts.regions): its
-- place in the document forest as integers and what a screen shows of it as JSON, so that a document, its
-- sources and its subtree are one scan of one table with no join per request (server/api/documents.repository.ts).
-- tree_pos numbers the documents in tree order (marts.document_trace's sort_path: each subtree contiguous);
-- subtree_end is the last tree_pos of the document's subtree and root_pos its root's, so a document's subtree is
-- tree_pos in (tree_pos, subtree_end] and its sources are the rows of [root_pos, tree_pos] whose subtree reaches
-- it. node is the document as a tree node; detail adds its text fields and its postings (ledger.postings with
-- the account's name, in posting order). The payment detail is not here: a 签发 rebuilds this table
-- (server/api/ledger.refresh.ts), and that refresh leaves the payments alone.
with trace as (
  select
    doc_id,
    parent_doc_id,
    root_doc_id,
    region_code,
    fund_code,
    txn_code,
    amount,
    carved,
    remaining,
    depth,
    origin_kind,
    budget_year,
    doc_date,
    doc_no,
    project_code,
    target_region_code,
    effective,
    is_leaf,
    sort_path
  from marts.document_trace
),

placed as (
  select
    *,
    row_number() over (order by sort_path) as tree_pos
  from trace
),

subtree_sizes as (
  select
    ancestor as doc_id,
    count(*) - 1 as below
  from (select unnest(sort_path) as ancestor from trace) as u
  group by ancestor
),

projects as (
  select
    project_code,
    any_value(project_name) as project_name
  from staging.stg_raw__projects
  group by project_code
),

texts as (
  select
    doc_id,
    summary,
    func_subject,
    econ_subject
  from staging.stg_ledger__documents
),

postings as (
  select
    p.doc_id,
    list(
      {
        posting_id: p.posting_id,
        account_code: p.account_code,
        account_name: a.account_name,
        region_code: p.region_code,
        budget_year: p.budget_year,
        fund_code: p.fund_code,
        debit: p.debit,
        credit: p.credit,
        source_type: p.source_type
      }
      order by p.posting_id
    ) as postings
  from staging.stg_ledger__postings as p
  join staging.stg_ledger__accounts as a on a.account_code = p.account_code
  group by p.doc_id
),

cards as (
  select
    t.doc_id,
    t.tree_pos,
    t.tree_pos + s.below as subtree_end,
    root.tree_pos as root_pos,
    t.depth,
    t.region_code,
    {
      doc_id: t.doc_id,
      doc_no: t.doc_no,
      txn_code: t.txn_code,
      region_code: t.region_code,
      region_name: r.name,
      budget_year: t.budget_year,
      doc_date: strftime(t.doc_date, '%Y-%m-%d'),
      fund_code: t.fund_code,
      project_code: t.project_code,
      project_name: pr.project_name,
      target_region_code: t.target_region_code,
      amount: t.amount,
      effective: t.effective,
      carved: t.carved,
      remaining: t.remaining,
      origin_kind: t.origin_kind,
      parent_doc_id: t.parent_doc_id,
      root_doc_id: t.root_doc_id,
      depth: t.depth,
      is_leaf: t.is_leaf
    } as node,
    {
      summary: x.summary,
      func_subject: x.func_subject,
      econ_subject: x.econ_subject,
      postings: coalesce(ps.postings, [])
    } as detail
  from placed as t
  join marts.regions as r on r.code = t.region_code
  join subtree_sizes as s on s.doc_id = t.doc_id
  join placed as root on root.doc_id = t.root_doc_id
  left join projects as pr on pr.project_code = t.project_code
  left join texts as x on x.doc_id = t.doc_id
  left join postings as ps on ps.doc_id = t.doc_id
)

select
  doc_id,
  tree_pos,
  subtree_end,
  root_pos,
  depth,
  region_code,
  to_json(node)::varchar as node,
  to_json(detail)::varchar as detail
from cards
-- in tree order: a subtree is a range of tree_pos
order by tree_pos
