-- code: P03
-- title: 重复发放
-- level: red
-- category: 到人到户
-- subject: payment
-- in_flow: payment
-- description: >-
--   The same person paid more than once for the same project and month: every payment after the first (by
--   payment_id) is a finding. In flow it stops a payment for a person, project and month already paid (or paid
--   earlier in the same batch).
-- thresholds: {}
with repeated_keys as (
  -- a hash aggregate of (person, project, month) first: only the few repeated keys are sorted below
  select person_id, project_code, pay_month
  from marts.payments
  group by person_id, project_code, pay_month
  having count(*) > 1
),

repeats as (
  select
    p.payment_id,
    p.person_id,
    p.project_code,
    p.pay_month,
    p.name,
    p.paid,
    p.region_code,
    row_number() over (partition by p.person_id, p.project_code, p.pay_month order by p.payment_id) as nth,
    first_value(p.payment_id) over (partition by p.person_id, p.project_code, p.pay_month order by p.payment_id) as first_id
  from marts.payments as p
  semi join repeated_keys as k
    on k.person_id = p.person_id and k.project_code is not distinct from p.project_code and k.pay_month = p.pay_month
)

select
  'payment' as subject_type,
  r.payment_id as subject_id,
  r.region_code,
  r.paid as amount,
  concat(r.name, ' (', r.person_id, ') ', r.pay_month, ' 在项目 ', coalesce(r.project_code, '(空)'), ' 下重复发放 ',
    ((r.paid)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元 (与 ', r.first_id, ' 重复)') as detail
from repeats as r
where r.nth > 1

-- @in_flow
with candidates as (
  select
    c.payment_id, c.person_id, c.project_code, c.pay_month, c.name,
    row_number() over (partition by c.person_id, c.project_code, c.pay_month order by c.payment_id) as nth,
    first_value(c.payment_id) over (partition by c.person_id, c.project_code, c.pay_month order by c.payment_id) as first_in_batch
  from candidate_payments as c
),

stored as (
  select p.person_id, p.project_code, p.pay_month, min(p.payment_id) as payment_id
  from staging.stg_raw__payments as p
  -- same person and month: the month's key range lets the scan skip the other months' row groups
  where p.person_id in (select person_id from candidates)
    and p.pay_month in (select pay_month from candidates)
  group by all
)

select
  c.payment_id as subject_id,
  concat(c.name, ' (', c.person_id, ') ', c.pay_month, ' 在项目 ', coalesce(c.project_code, '(空)'), ' 下已发放 (',
    coalesce(s.payment_id, c.first_in_batch), '), 不能重复发放') as detail
from candidates as c
left join stored as s on s.person_id = c.person_id and s.project_code is not distinct from c.project_code
  and s.pay_month = c.pay_month and s.payment_id <> c.payment_id
where s.payment_id is not null or c.nth > 1
