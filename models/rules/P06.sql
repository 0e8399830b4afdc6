-- code: P06
-- title: 一账户多人
-- level: orange
-- category: 到人到户
-- subject: account
-- description: >-
--   One bank account receives payments for at least min_people people of at least min_households households (a
--   payee outside the register counts as a household of its own). Members of one household sharing an account
--   are not a finding. Amount: what the account received.
-- thresholds:
--   min_people:
--     default: 3
--     description: 同一账户收款人数下限
--   min_households:
--     default: 2
--     description: 这些收款人所属户数下限
with settings as (
  select
    region_code,
    max(value) filter (where name = 'min_people')::integer as min_people,
    max(value) filter (where name = 'min_households')::integer as min_households
  from meta.rule_threshold_values
  where rule_code = 'P06'
  group by region_code
),

payees as (
  select p.account_no, p.person_id, coalesce(b.household_id, concat('人:', p.person_id)) as household, p.paid, p.village_code
  from staging.stg_raw__payments as p
  left join staging.stg_raw__beneficiaries as b on b.person_id = p.person_id
  where p.account_no is not null
),

accounts as (
  select
    y.account_no,
    count(distinct y.person_id) as people,
    count(distinct y.household) as households,
    sum(y.paid)::bigint as paid,
    mode(y.village_code) as village_code
  from payees as y
  group by y.account_no
  having count(distinct y.person_id) >= 2
),

located as (
  select
    a.*,
    coalesce(v.village_code, g.code, '') as region_code,
    ac.holder_name
  from accounts as a
  left join staging.stg_raw__accounts as ac on ac.account_no = a.account_no
  left join staging.stg_raw__region_current as g on g.code = ac.region_code
  left join intermediate.int_villages_located as v on v.village_code = a.village_code
)

select
  'account' as subject_type,
  l.account_no as subject_id,
  l.region_code,
  l.paid as amount,
  concat('账户 ', l.account_no, coalesce(concat(' (户名 ', l.holder_name, ')'), ''), ' 为 ', l.people, ' 人 (', l.households,
    ' 户) 收款 ', ((l.paid)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元') as detail
from located as l
join settings as s on s.region_code = l.region_code
where l.people >= s.min_people and l.households >= s.min_households
