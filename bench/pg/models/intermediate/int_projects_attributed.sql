-- translated from models/intermediate/int_projects_attributed.sql sha256:ee402794052b
-- Every posting on the project accounts (500201 本级支出指标, 5101 集中支付计划, 5201 本级实际支付) with the project
-- it belongs to: the project of the nearest T04 (细化本级支出) at or above its document in the document tree. So a
-- T07/T08 belongs to the project of the T04 it was carved from, a T09 to that of the document it corrects, a T10's
-- red mirror to that of the document whose balance it carries. origin_kind is its document's origin (中央, 省, 市,
-- 县, 乡, 本级, 横向: intermediate.int_documents_rooted), the same along the chain inside one region.
with postings as (
  select posting_id, doc_id, txn_code, region_code, budget_year, account_code, debit, credit
  from staging.stg_ledger__postings
  where account_code in ('500201', '5101', '5201')
),

documents as (
  select doc_id, txn_code, project_code, origin_kind, sort_path
  from intermediate.int_documents_rooted
),

spending as (
  select d.doc_id, d.origin_kind, d.sort_path
  from documents as d
  where d.doc_id in (select doc_id from postings)
),

paths as (
  select s.doc_id, u.ancestor_doc_id, u.position
  from spending as s
  cross join lateral unnest(s.sort_path) with ordinality as u (ancestor_doc_id, position)
),

nearest_t04 as (
  select distinct on (p.doc_id) p.doc_id, a.doc_id as project_doc_id, a.project_code
  from paths as p
  join documents as a on a.doc_id = p.ancestor_doc_id and a.txn_code = 'T04'
  order by p.doc_id, p.position desc
)

select
  p.posting_id,
  p.doc_id,
  p.txn_code,
  n.project_doc_id,
  n.project_code,
  p.region_code,
  p.budget_year,
  p.account_code,
  s.origin_kind,
  p.debit,
  p.credit
from postings as p
join spending as s on s.doc_id = p.doc_id
join nearest_t04 as n on n.doc_id = p.doc_id
