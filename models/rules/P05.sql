-- code: P05
-- title: 非建档立卡人员
-- level: orange
-- category: 到人到户
-- subject: payment
-- description: >-
--   A payment under a document marked 全部用于贫困人员 to a payee who is not in the 建档立卡 register, or is in it but
--   not marked 建档立卡.
-- thresholds: {}
select
  'payment' as subject_type,
  p.payment_id as subject_id,
  p.region_code,
  p.paid as amount,
  concat('全部用于贫困人员的指标 ', p.doc_id, ' 向', case when p.in_register then '非建档立卡人员 ' else '不在建档立卡名单中的 ' end,
    p.name, ' (', p.person_id, ') 发放 ', ((p.paid)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元') as detail
from marts.payments as p
where p.doc_for_poor and (not p.in_register or not p.registered)
