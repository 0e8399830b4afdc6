-- code: P01
-- title: 应发实发不符
-- level: orange
-- category: 到人到户
-- subject: payment
-- description: >-
--   A payment's paid amount (实发) differs from its payable amount (应发) by more than the tolerance. Amount: the
--   difference.
-- thresholds:
--   tolerance_fen:
--     default: 0
--     description: 允许的差额 (分)
with settings as (
  select region_code, max(value) filter (where name = 'tolerance_fen')::bigint as tolerance_fen
  from meta.rule_threshold_values
  where rule_code = 'P01'
  group by region_code
),

payments as (
  select p.payment_id, p.person_id, p.name, p.pay_month, p.payable, p.paid, p.region_code
  from marts.payments as p
  where p.paid <> p.payable
)

select
  'payment' as subject_type,
  p.payment_id as subject_id,
  p.region_code,
  abs(p.payable - p.paid) as amount,
  concat(p.name, ' ', p.pay_month, ' 应发 ', ((p.payable)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元, 实发 ', ((p.paid)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元') as detail
from payments as p
join settings as s on s.region_code = p.region_code
where abs(p.payable - p.paid) > s.tolerance_fen
