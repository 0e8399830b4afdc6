-- code: P08
-- title: 向财政供养人员发放
-- level: red
-- category: 到人到户
-- subject: payment
-- in_flow: payment
-- description: >-
--   A payment to a person on the public payroll (财政供养人员, raw.officials).
-- thresholds: {}
select
  'payment' as subject_type,
  p.payment_id as subject_id,
  p.region_code,
  p.paid as amount,
  concat('领款人 ', p.name, ' (', p.person_id, ') 为财政供养人员', coalesce(concat(' (', o.employer, ')'), ''), ', 发放 ',
    ((p.paid)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元') as detail
from marts.payments as p
join staging.stg_raw__officials as o on o.person_id = p.person_id

-- @in_flow
select
  c.payment_id as subject_id,
  concat('领款人 ', c.name, ' (', c.person_id, ') 是财政供养人员', coalesce(concat(' (', o.employer, ')'), ''), ', 不能发放') as detail
from candidate_payments as c
join staging.stg_raw__officials as o on o.person_id = c.person_id
