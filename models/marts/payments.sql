-- 到人到户发放明细 joined once to what each payment names: the payee in the 建档立卡 register, the village in today's region
-- tree (for the region an alert belongs to) and the funding document. Incremental by pay_month (payments.yml): a
-- new month of payments inserts that month only. Every join is to a small dimension, each exactly once; payments
-- whose person, village, document or project is unknown keep their row with nulls (left joins).
-- Lean on purpose: at province scale (30 M rows) each text column costs seconds to write (a plain copy of
-- raw.payments takes ~55 s on 2 cores, 4 columns of it ~11 s; a text column of one character ~4.5 CPU-s, an
-- integer ~0.6), so the mart carries the payment, its codes and flags. What depends only on a key is one join
-- away: the person's household and status in the register (marts.person_payments), the payee's account
-- (staging.stg_raw__payments by payment_id), project names (marts.project_library), the village's township and
-- county (intermediate.int_villages_located), the document's fund and 交易令 (staging.stg_ledger__documents).
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
    load_id
  from staging.stg_raw__payments
),

people as (
  select
    person_id,
    registered
  from staging.stg_raw__beneficiaries
),

villages as (
  select
    village_code,
    township_code
  from intermediate.int_villages_located
),

documents as (
  select
    doc_id,
    region_code as doc_region_code,
    budget_year as doc_budget_year,
    for_poor as doc_for_poor,
    direct as doc_direct
  from staging.stg_ledger__documents
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
  pe.registered,
  p.village_code,
  -- where an alert on the payment belongs: the village as paid if today's region tree knows it, else the funding
  -- document's region (a village code the tree has lost would name no region a user can see)
  case when v.township_code is not null then p.village_code else d.doc_region_code end as region_code,
  p.doc_id,
  d.doc_budget_year,
  d.doc_for_poor,
  d.doc_direct,
  p.project_code,
  p.load_id
from payments as p
left join people as pe on pe.person_id = p.person_id
left join villages as v on v.village_code = p.village_code
left join documents as d on d.doc_id = p.doc_id
