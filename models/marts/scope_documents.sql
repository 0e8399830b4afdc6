-- The document lists of the API: every document of marts.document_cards once under each scope it lies in (its
-- region and every region above it, marts.region_closure), with the card's node as the list's row. A list of a
-- scope is one range of this table, sorted by scope (scope_key: the scope's code as a number, the cheapest
-- filter DuckDB scans), budget year, fund, date and doc_id, with no closure join per request.
select
  cast(c.ancestor_code as bigint) as scope_key,
  c.ancestor_code as scope_code,
  t.budget_year,
  t.fund_code,
  t.txn_code,
  t.project_code,
  t.doc_date,
  t.doc_id,
  t.effective,
  d.node as row
from marts.document_cards as d
join marts.document_trace as t on t.doc_id = d.doc_id
join marts.region_closure as c on c.code = d.region_code
order by scope_key, scope_code, t.budget_year, t.fund_code, t.doc_date, t.doc_id
