-- translated from models/marts/project_library.sql sha256:7afcccd06e2b
-- 项目库 across years, one row per project: the library's own columns, the years it was funded in, totals of
-- marts.project_funding (planned against actual, funding by origin) and the by-year amounts a medium-term plan
-- reads (by_year: budget_year, planned, funded, planned_for_payment, paid, in year order). Projects the ledger
-- names but the library does not hold are kept (in_library false).
with projects as (
  select project_code, project_name, region_code, department, category, func_subject, start_year, end_year,
    planned_amount, parent_project_code, applied_to_region, status
  from staging.stg_raw__projects
),

funding as (
  select *
  from marts.project_funding
),

totals as (
  select
    project_code,
    min(region_code) as region_code,
    min(budget_year) filter (where funded <> 0) as first_funded_year,
    max(budget_year) filter (where funded <> 0) as last_funded_year,
    count(*) filter (where funded <> 0) as funded_years,
    sum(planned)::bigint as planned_in_years,
    sum(funded)::bigint as funded,
    sum(funded_central)::bigint as funded_central,
    sum(funded_province)::bigint as funded_province,
    sum(funded_city)::bigint as funded_city,
    sum(funded_county)::bigint as funded_county,
    sum(funded_township)::bigint as funded_township,
    sum(funded_own)::bigint as funded_own,
    sum(funded_horizontal)::bigint as funded_horizontal,
    sum(planned_for_payment)::bigint as planned_for_payment,
    sum(paid)::bigint as paid,
    jsonb_agg(
      jsonb_build_object(
        'budget_year', budget_year,
        'planned', planned,
        'funded', funded,
        'planned_for_payment', planned_for_payment,
        'paid', paid
      )
      order by budget_year
    ) as by_year
  from funding
  group by project_code
)

select
  coalesce(p.project_code, t.project_code) as project_code,
  p.project_name,
  coalesce(p.region_code, t.region_code) as region_code,
  p.department,
  p.category,
  p.func_subject,
  p.status,
  p.start_year,
  p.end_year,
  p.parent_project_code,
  p.applied_to_region,
  p.project_code is not null as in_library,
  coalesce(p.planned_amount, 0)::bigint as planned,
  coalesce(t.planned_in_years, 0)::bigint as planned_in_years,
  t.first_funded_year,
  t.last_funded_year,
  coalesce(t.funded_years, 0) as funded_years,
  coalesce(t.funded, 0)::bigint as funded,
  coalesce(t.funded_central, 0)::bigint as funded_central,
  coalesce(t.funded_province, 0)::bigint as funded_province,
  coalesce(t.funded_city, 0)::bigint as funded_city,
  coalesce(t.funded_county, 0)::bigint as funded_county,
  coalesce(t.funded_township, 0)::bigint as funded_township,
  coalesce(t.funded_own, 0)::bigint as funded_own,
  coalesce(t.funded_horizontal, 0)::bigint as funded_horizontal,
  coalesce(t.planned_for_payment, 0)::bigint as planned_for_payment,
  coalesce(t.paid, 0)::bigint as paid,
  (coalesce(p.planned_amount, 0) - coalesce(t.funded, 0))::bigint as unfunded,
  coalesce(t.by_year, '[]'::jsonb) as by_year
from projects as p
full join totals as t on t.project_code = p.project_code
