-- The drill-down's figures of every scope (a region and everything below it, marts.region_closure) per budget
-- year and fund: marts.allocation_progress summed over the scope's regions, beside the scope region's own row
-- (本级). The server reads one scope's rows instead of joining the closure to allocation_progress per request.
-- funds = allocated to projects, plans and payments + undistributed, as the drill counts them (the money that
-- stopped in each region), so a scope's funds are the sum of its children's and its own.
with progress as (
  select
    budget_year,
    region_code,
    fund_code,
    fund_name,
    coalesce(own_detailed, 0) + coalesce(planned, 0) + coalesce(paid, 0) as spent,
    coalesce(paid, 0) as paid,
    coalesce(undistributed, 0) as undistributed,
    coalesce(received_central, 0) as received_central,
    coalesce(received_province, 0) as received_province,
    coalesce(received_city, 0) as received_city,
    coalesce(received_county, 0) as received_county,
    coalesce(received_lateral, 0) as received_lateral
  from marts.allocation_progress
),

closure as (
  select
    ancestor_code,
    code,
    depth
  from marts.region_closure
)

select
  c.ancestor_code as scope_code,
  p.budget_year,
  p.fund_code,
  max(p.fund_name) as fund_name,
  sum(p.spent + p.undistributed)::bigint as funds,
  sum(p.spent)::bigint as allocated,
  sum(p.paid)::bigint as paid,
  sum(p.undistributed)::bigint as undistributed,
  coalesce(sum(p.spent + p.undistributed) filter (where c.depth = 0), 0)::bigint as own_funds,
  coalesce(sum(p.spent) filter (where c.depth = 0), 0)::bigint as own_allocated,
  coalesce(sum(p.paid) filter (where c.depth = 0), 0)::bigint as own_paid,
  coalesce(sum(p.undistributed) filter (where c.depth = 0), 0)::bigint as own_undistributed,
  sum(p.received_central)::bigint as received_central,
  sum(p.received_province)::bigint as received_province,
  sum(p.received_city)::bigint as received_city,
  sum(p.received_county)::bigint as received_county,
  sum(p.received_lateral)::bigint as received_lateral
from progress as p
join closure as c on c.code = p.region_code
group by c.ancestor_code, p.budget_year, p.fund_code
-- ordered by scope: a request reads one scope's few rows
order by scope_code, budget_year, fund_code
