-- code: P04
-- title: 向已故人员发放
-- level: red
-- category: 到人到户
-- subject: payment
-- in_flow: payment
-- description: >-
--   A payment for a month after the payee's recorded date of death (建档立卡 status 死亡 and its status date).
-- thresholds: {}
with deceased as (
  select person_id, status_date, strftime(status_date, '%Y-%m') as death_month
  from staging.stg_raw__beneficiaries
  where status = '死亡' and status_date is not null
)

select
  'payment' as subject_type,
  p.payment_id as subject_id,
  p.region_code,
  p.paid as amount,
  concat('向已故人员 ', p.name, ' (', p.person_id, ', ', d.status_date, ' 死亡) 发放 ', p.pay_month, ' 的 ',
    ((p.paid)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元') as detail
from marts.payments as p
join deceased as d on d.person_id = p.person_id
where p.pay_month > d.death_month

-- @in_flow
select
  c.payment_id as subject_id,
  concat(c.name, ' (', c.person_id, ') 已于 ', b.status_date, ' 死亡, 不能发放 ', c.pay_month, ' 的款项') as detail
from candidate_payments as c
join staging.stg_raw__beneficiaries as b on b.person_id = c.person_id
-- one condition over both sides: a filter on b alone would be pushed into the scan of the whole register (3 M
-- rows, ~35 ms); this way the join's key filter reads only the candidates' people (~1 ms)
where case when b.status = '死亡' and b.status_date is not null
  then c.pay_month > strftime(b.status_date, '%Y-%m') else false end
