-- The drill-down as the API serves it: for every region and budget year, the rows one drill step shows — the
-- region itself (is_self) and each of its children — filed under drill_code (the region being drilled), with
-- their names and their figures summed over funds (marts.scope_figures) beside their consolidated row
-- (marts.consolidated). A drill step is one scan of one drill_code's few rows, with no join or grouping per
-- request. Every child is listed, with zeros where it has no figures, for each year that has any.
-- The API reads two columns: drill_key (the code as a number: an integer filter on a sorted column is the
-- cheapest scan DuckDB has) and api_row, the row's fields as one JSON object (a scan costs per column read,
-- so one column of ~35 fields is a third of the time of 35 columns).
with years as (
  select budget_year from marts.scope_figures
  union
  select budget_year from marts.consolidated
),

figures as (
  select
    scope_code,
    budget_year,
    sum(funds)::bigint as funds,
    sum(allocated)::bigint as allocated,
    sum(paid)::bigint as paid,
    sum(undistributed)::bigint as undistributed,
    sum(own_funds)::bigint as own_funds,
    sum(own_allocated)::bigint as own_allocated,
    sum(own_paid)::bigint as own_paid,
    sum(own_undistributed)::bigint as own_undistributed,
    sum(received_central)::bigint as received_central,
    sum(received_province)::bigint as received_province,
    sum(received_city)::bigint as received_city,
    sum(received_county)::bigint as received_county,
    sum(received_lateral)::bigint as received_lateral
  from marts.scope_figures
  group by scope_code, budget_year
),

steps as (
  select
    code as drill_code,
    true as is_self,
    code,
    name,
    level,
    children
  from marts.regions
  union all
  select
    parent_code as drill_code,
    false as is_self,
    code,
    name,
    level,
    children
  from marts.regions
  where parent_code is not null
),

step as (
  select
    cast(s.drill_code as bigint) as drill_key,
    s.drill_code,
    y.budget_year,
    s.is_self,
    s.code,
    s.name,
    s.level,
    s.children,
    coalesce(f.funds, 0)::bigint as funds,
    coalesce(f.allocated, 0)::bigint as allocated,
    coalesce(f.paid, 0)::bigint as paid,
    coalesce(f.undistributed, 0)::bigint as undistributed,
    coalesce(f.own_funds, 0)::bigint as own_funds,
    coalesce(f.own_allocated, 0)::bigint as own_allocated,
    coalesce(f.own_paid, 0)::bigint as own_paid,
    coalesce(f.own_undistributed, 0)::bigint as own_undistributed,
    coalesce(f.received_central, 0)::bigint as received_central,
    coalesce(f.received_province, 0)::bigint as received_province,
    coalesce(f.received_city, 0)::bigint as received_city,
    coalesce(f.received_county, 0)::bigint as received_county,
    coalesce(f.received_lateral, 0)::bigint as received_lateral,
    c.sources as cons_sources,
    c.from_outside as cons_from_outside,
    c.own_arranged as cons_own_arranged,
    c.carried_in as cons_carried_in,
    c.in_transit as cons_in_transit,
    c.paid as cons_paid,
    c.available as cons_available,
    c.allocation_progress as cons_allocation_progress,
    c.spending_progress as cons_spending_progress
  from steps as s
  cross join years as y
  left join figures as f on f.scope_code = s.code and f.budget_year = y.budget_year
  left join marts.consolidated as c on c.scope_code = s.code and c.budget_year = y.budget_year
)

select
  *,
  to_json(struct_pack(* columns(* exclude (drill_key, drill_code, budget_year, is_self))))::varchar as api_row
from step
-- ordered by drill step: a request reads one drill_code's rows
order by drill_key, drill_code, budget_year, code
