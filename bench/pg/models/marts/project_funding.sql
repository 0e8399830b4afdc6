-- translated from models/marts/project_funding.sql sha256:28383d08e98d
-- 项目库 across years, per project and budget year: planned against actual and the funding by origin.
--   planned: the library's planned_amount (计划投资) spread evenly over start_year..end_year (one year when only
--     one is given), exact to the 分: the first years take the remaining 分;
--   funded: Σ debits of 500201 (本级支出指标) of the project, i.e. its T04s net of their red corrections (T09) and
--     of what a year-end carry-over (T10) took out of them; split by origin (funded_central … funded_horizontal);
--   planned_for_payment: Σ debits of 5101 (集中支付计划, T07); paid: Σ debits of 5201 (本级实际支付, T08), both net
--     of corrections and carry-over alike.
-- Rows: every year a project is planned in or has a posting in; projects the ledger names but the library does
-- not hold are kept (in_library false).
with projects as (
  select project_code, region_code, start_year, end_year, planned_amount
  from staging.stg_raw__projects
),

attributed as (
  select project_code, region_code, budget_year, account_code, origin_kind, debit
  from intermediate.int_projects_attributed
),

spans as (
  select
    project_code,
    planned_amount,
    coalesce(start_year, end_year) as first_year,
    greatest(coalesce(end_year, start_year), coalesce(start_year, end_year)) as last_year
  from projects
  where planned_amount is not null and coalesce(start_year, end_year) is not null
),

planned as (
  select
    project_code,
    budget_year,
    (
      planned_amount / years
      + case when budget_year - first_year < planned_amount - (planned_amount / years) * years then 1 else 0 end
    )::bigint as planned
  from (
    select
      project_code,
      planned_amount,
      first_year,
      last_year - first_year + 1 as years,
      generate_series(first_year, last_year) as budget_year
    from spans
  ) as years
),

actual as (
  select
    project_code,
    budget_year,
    min(region_code) as ledger_region_code,
    coalesce(sum(debit) filter (where account_code = '500201'), 0)::bigint as funded,
    coalesce(sum(debit) filter (where account_code = '500201' and origin_kind = '中央'), 0)::bigint as funded_central,
    coalesce(sum(debit) filter (where account_code = '500201' and origin_kind = '省'), 0)::bigint as funded_province,
    coalesce(sum(debit) filter (where account_code = '500201' and origin_kind = '市'), 0)::bigint as funded_city,
    coalesce(sum(debit) filter (where account_code = '500201' and origin_kind = '县'), 0)::bigint as funded_county,
    coalesce(sum(debit) filter (where account_code = '500201' and origin_kind = '乡'), 0)::bigint as funded_township,
    coalesce(sum(debit) filter (where account_code = '500201' and origin_kind = '本级'), 0)::bigint as funded_own,
    coalesce(sum(debit) filter (where account_code = '500201' and origin_kind = '横向'), 0)::bigint as funded_horizontal,
    coalesce(sum(debit) filter (where account_code = '5101'), 0)::bigint as planned_for_payment,
    coalesce(sum(debit) filter (where account_code = '5201'), 0)::bigint as paid
  from attributed
  group by project_code, budget_year
)

select
  coalesce(a.project_code, p.project_code) as project_code,
  coalesce(a.budget_year, p.budget_year) as budget_year,
  coalesce(l.region_code, a.ledger_region_code) as region_code,
  l.project_code is not null as in_library,
  coalesce(p.planned, 0)::bigint as planned,
  coalesce(a.funded, 0)::bigint as funded,
  coalesce(a.funded_central, 0)::bigint as funded_central,
  coalesce(a.funded_province, 0)::bigint as funded_province,
  coalesce(a.funded_city, 0)::bigint as funded_city,
  coalesce(a.funded_county, 0)::bigint as funded_county,
  coalesce(a.funded_township, 0)::bigint as funded_township,
  coalesce(a.funded_own, 0)::bigint as funded_own,
  coalesce(a.funded_horizontal, 0)::bigint as funded_horizontal,
  coalesce(a.planned_for_payment, 0)::bigint as planned_for_payment,
  coalesce(a.paid, 0)::bigint as paid,
  (coalesce(p.planned, 0) - coalesce(a.funded, 0))::bigint as unfunded
from actual as a
full join planned as p on p.project_code = a.project_code and p.budget_year = a.budget_year
left join projects as l on l.project_code = coalesce(a.project_code, p.project_code)
