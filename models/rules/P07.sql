-- code: P07
-- title: 户名不符
-- level: yellow
-- category: 到人到户
-- subject: payment
-- description: >-
--   The account a payment went to is held by someone else than the payee: the holder's ID (账户信息) differs from
--   the payee's, or, when the account names no holder ID, the holder's name differs from the payee's. Accounts
--   missing from 账户信息 are not judged.
-- thresholds: {}
with payments as (
  select
    p.payment_id, p.doc_id, p.person_id, p.name, p.pay_month, p.paid, p.account_no,
    coalesce(v.village_code, d.region_code, '') as region_code,
    d.for_poor, d.direct
  from staging.stg_raw__payments as p
  left join intermediate.int_villages_located as v on v.village_code = p.village_code
  left join staging.stg_ledger__documents as d on d.doc_id = p.doc_id
)

select
  'payment' as subject_type,
  p.payment_id as subject_id,
  p.region_code,
  p.paid as amount,
  concat('收款账户 ', p.account_no, ' 户名 ', coalesce(a.holder_name, '(空)'), ' 与领款人 ', p.name, ' (', p.person_id, ') 不符') as detail
from payments as p
join staging.stg_raw__accounts as a on a.account_no = p.account_no
where case when a.holder_id is not null then a.holder_id <> p.person_id else a.holder_name is distinct from p.name end
