-- code: P02
-- title: 证件号码无效
-- level: orange
-- category: 到人到户
-- subject: [person, payment]
-- description: >-
--   A 居民身份证号 that cannot be valid (GB 11643-1999): not 18 characters, not 17 digits and a digit or X, a birth
--   date (characters 7–14) that is no date, before 1900 or after the as-of date, or a wrong check character
--   (weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 over the first 17 digits, mod 11 → 10X98765432). Found in the
--   建档立卡 register (subject person) and in every payment to such an ID (subject payment).
-- thresholds: {}
with as_of as (
  select value::date as as_of from meta.check_vars where name = 'as_of'
),

ids as (
  select person_id from staging.stg_raw__beneficiaries
  union
  select person_id from marts.person_payments
),

shaped as (
  select
    person_id,
    case
      when length(person_id) <> 18 then 'length'
      when not regexp_full_match(person_id, '[0-9]{17}[0-9X]') then 'format'
    end as problem
  from ids
),

checked as (
  select
    person_id,
    case
      when problem is not null then problem
      when try_strptime(substr(person_id, 7, 8), '%Y%m%d') is null
        or substr(person_id, 7, 4)::integer < 1900
        or strptime(substr(person_id, 7, 8), '%Y%m%d')::date > (select as_of from as_of) then 'birth_date'
      when substr('10X98765432', ((
        7 * substr(person_id, 1, 1)::integer
        + 9 * substr(person_id, 2, 1)::integer
        + 10 * substr(person_id, 3, 1)::integer
        + 5 * substr(person_id, 4, 1)::integer
        + 8 * substr(person_id, 5, 1)::integer
        + 4 * substr(person_id, 6, 1)::integer
        + 2 * substr(person_id, 7, 1)::integer
        + 1 * substr(person_id, 8, 1)::integer
        + 6 * substr(person_id, 9, 1)::integer
        + 3 * substr(person_id, 10, 1)::integer
        + 7 * substr(person_id, 11, 1)::integer
        + 9 * substr(person_id, 12, 1)::integer
        + 10 * substr(person_id, 13, 1)::integer
        + 5 * substr(person_id, 14, 1)::integer
        + 8 * substr(person_id, 15, 1)::integer
        + 4 * substr(person_id, 16, 1)::integer
        + 2 * substr(person_id, 17, 1)::integer
      ) % 11) + 1, 1) <> substr(person_id, 18, 1) then 'check_digit'
    end as problem
  from shaped
),

invalid as (
  select
    person_id,
    case problem
      when 'length' then '长度不是 18 位'
      when 'format' then '应为 17 位数字加 1 位数字或 X'
      when 'birth_date' then '出生日期无效'
      else '校验码错误 (GB 11643)'
    end as reason
  from checked
  where problem is not null
)

select
  'person' as subject_type,
  b.person_id as subject_id,
  coalesce(v.village_code, '') as region_code,
  null::bigint as amount,
  concat('建档立卡人员 ', b.name, ' 的证件号码 ', b.person_id, ' 无效: ', i.reason) as detail
from staging.stg_raw__beneficiaries as b
join invalid as i on i.person_id = b.person_id
left join intermediate.int_villages_located as v on v.village_code = b.village_code

union all

select
  'payment' as subject_type,
  p.payment_id as subject_id,
  p.region_code,
  p.paid as amount,
  concat('向证件号码无效的 ', p.name, ' (', p.person_id, ': ', i.reason, ') 发放 ', ((p.paid)::decimal(18, 0) * 0.01)::decimal(18, 2), ' 元') as detail
from marts.payments as p
join invalid as i on i.person_id = p.person_id
