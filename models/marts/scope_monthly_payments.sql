-- 实际支付 (T08) per scope — a region and everything below it (marts.region_closure) — budget year and month of
-- the document date: the overview's monthly trend, read for one scope instead of joining the closure to
-- marts.document_trace on every request.
with payments as (
  select
    region_code,
    budget_year,
    strftime(doc_date, '%Y-%m') as month,
    effective
  from marts.document_trace
  where txn_code = 'T08'
),

closure as (
  select
    ancestor_code,
    code
  from marts.region_closure
)

select
  c.ancestor_code as scope_code,
  p.budget_year,
  p.month,
  sum(p.effective)::bigint as paid,
  count(*)::bigint as documents
from payments as p
join closure as c on c.code = p.region_code
group by c.ancestor_code, p.budget_year, p.month
-- ordered by scope: a request reads one scope's few rows
order by scope_code, budget_year, month
