-- translated from models/marts/payments.sql sha256:479f0a94271a
-- 到人到户发放明细 joined once to what each payment names: the payee in the 建档立卡 register, the village's
-- township and county, the funding document and the project. Incremental by pay_month (payments.yml): a new
-- month of payments inserts that month only. Every join is to a small dimension, each exactly once; payments
-- whose person, village, document or project is unknown keep their row with nulls (left joins).
-- Lean on purpose: at province scale (30 M rows) each text column costs seconds to write, so the mart carries
-- codes and flags; names are one join away (village names in marts.village_payments, the register for people).
with payments as (
  select
    payment_id,
    pay_month,
    pay_year,
    doc_id,
    project_code,
    person_id,
    name,
    village_code,
    payable,
    paid,
    unit,
    account_no
  from staging.stg_raw__payments
),

people as (
  select
    person_id,
    household_id,
    registered,
    status as person_status,
    status_date
  from staging.stg_raw__beneficiaries
),

villages as (
  select
    village_code,
    township_code,
    county_code
  from intermediate.int_villages_located
),

documents as (
  select
    doc_id,
    txn_code as doc_txn_code,
    region_code as doc_region_code,
    fund_code as doc_fund_code,
    budget_year as doc_budget_year,
    for_poor as doc_for_poor,
    direct as doc_direct
  from staging.stg_ledger__documents
),

projects as (
  select
    project_code,
    project_name,
    category as project_category
  from staging.stg_raw__projects
)

select
  p.payment_id,
  p.pay_month,
  p.pay_year,
  p.payable,
  p.paid,
  p.unit,
  p.person_id,
  p.name,
  pe.person_id is not null as in_register,
  pe.household_id,
  pe.registered,
  pe.person_status,
  pe.status_date,
  p.account_no,
  p.village_code,
  v.township_code,
  v.county_code,
  p.doc_id,
  d.doc_txn_code,
  d.doc_region_code,
  d.doc_fund_code,
  d.doc_budget_year,
  d.doc_for_poor,
  d.doc_direct,
  p.project_code,
  pr.project_name,
  pr.project_category
from payments as p
left join people as pe on pe.person_id = p.person_id
left join villages as v on v.village_code = p.village_code
left join documents as d on d.doc_id = p.doc_id
left join projects as pr on pr.project_code = p.project_code
