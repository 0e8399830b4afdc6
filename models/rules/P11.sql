-- code: P11
-- title: 大额转个人
-- level: yellow
-- category: 到人到户
-- subject: payment
-- description: >-
--   A single payment to a person above the limit (default 50,000 元).
-- thresholds:
--   limit_fen:
--     default: 5000000
--     description: 单笔发放上限 (分; 5000000 分 = 50,000 元)
with settings as (
  select region_code, max(value) filter (where name = 'limit_fen')::bigint as limit_fen
  from meta.rule_threshold_values
  where rule_code = 'P11'
  group by region_code
),

payments as (
  select p.payment_id, p.person_id, p.name, p.pay_month, p.paid, p.region_code
  from marts.payments as p
)

select
  'payment' as subject_type,
  p.payment_id as subject_id,
  p.region_code,
  p.paid as amount,
  concat('向 ', p.name, ' (', p.person_id, ') 单笔发放 ', ((p.paid)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元, 超过 ', ((s.limit_fen)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元') as detail
from payments as p
join settings as s on s.region_code = p.region_code
where p.paid > s.limit_fen
