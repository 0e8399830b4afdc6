/**
 * meta.demo_anomalies: the ground truth the monitoring rules are measured against. The plan's rows (documents,
 * transfers, regions, funds) come from JavaScript; the payment, person and account rows are read back in SQL
 * from the decisions the generators recorded (person flags, routes, the payment-id predicates), so the truth
 * is what was injected, not what a rule would find.
 */
import { yuanTextSql, type SqlValue, type Warehouse } from '../../warehouse/index.ts';
import { p01Sql, p03Sql, p11Sql } from './payments.generator.ts';
import { extraAccountNo } from './people.generator.ts';
import type { TruthRow } from './plan.types.ts';

export async function writePlanTruth(wh: Warehouse, rows: readonly TruthRow[]): Promise<void> {
  await wh.append(
    'demo_anomalies',
    rows.map((r): SqlValue[] => [r.rule, r.type, r.id, r.note]),
    'meta',
  );
}

const progOf = (pid: string): string => `case substr(${pid}, 11, 1) when '6' then 'CY' else '' end`;

export async function writePaymentTruth(wh: Warehouse): Promise<void> {
  const pay = 'raw.payments';
  await wh.run(`
insert into meta.demo_anomalies
select 'P01', 'payment', payment_id, concat('应发 ', ${yuanTextSql('payable')}, ' 元, 实发 ', ${yuanTextSql('paid')}, ' 元')
from ${pay} where right(payment_id, 1) = '0' and paid <> payable and ${p01Sql('payment_id', progOf('payment_id'))};

insert into meta.demo_anomalies
select 'P11', 'payment', payment_id, concat('单笔发放 ', ${yuanTextSql('paid')}, ' 元')
from ${pay} where right(payment_id, 1) = '0' and ${p11Sql('payment_id', progOf('payment_id'))};

insert into meta.demo_anomalies
select 'P03', 'payment', payment_id, concat('与 ', left(payment_id, 13), '0 重复 (同一人、同一项目、同一月份)')
from ${pay} where right(payment_id, 1) = '1' and ${p03Sql("left(payment_id, 13) || '0'")};

insert into meta.demo_anomalies
select 'P02', 'person', person_id, '建档立卡人员证件号码无效' from demo_persons where p02;

insert into meta.demo_anomalies
select 'P02', 'payment', y.payment_id, concat('证件号码无效: ', y.person_id)
from ${pay} as y join demo_persons as p on p.person_id = y.person_id where p.p02;

insert into meta.demo_anomalies
select 'P04', 'payment', y.payment_id, concat('发放月份 ', y.pay_month, ' 在死亡日期 ', p.fate_date, ' 之后')
from ${pay} as y join demo_persons as p on p.person_id = y.person_id
where p.p04 and substr(y.pay_month, 6, 2)::integer > p.fate_month;

insert into meta.demo_anomalies
select 'P05', 'payment', y.payment_id,
  case x.kind when 'p05_unreg' then '领款人在贫困人员名单中标记为非建档立卡' else '领款人不在建档立卡名单中' end
from ${pay} as y join demo_extras as x on x.person_id = y.person_id where x.kind in ('p05_unreg', 'p05_absent');

insert into meta.demo_anomalies
select 'P06', 'account', y.account_no, concat('一个账户为 ', count(distinct y.person_id), ' 人 (', count(distinct b.household_id), ' 户) 收款')
from ${pay} as y
join demo_extras as x on x.kind = 'cadre' and ${extraAccountNo('x')} = y.account_no
join raw.beneficiaries as b on b.person_id = y.person_id
group by y.account_no
having count(distinct y.person_id) >= 3 and count(distinct b.household_id) >= 2;

insert into meta.demo_anomalies
select 'P07', 'payment', y.payment_id, concat('收款账户户名 ', a.holder_name, ' 与领款人 ', y.name, ' 不符')
from ${pay} as y
join demo_persons as p on p.person_id = y.person_id
join demo_routes as r on r.pkey = p.pkey and r.account_no = y.account_no
join raw.accounts as a on a.account_no = y.account_no;

insert into meta.demo_anomalies
select 'A01', 'payment', y.payment_id, concat('经', a.holder_name, '实有资金账户转拨')
from ${pay} as y
join demo_persons as p on p.person_id = y.person_id
join demo_routes as r on r.pkey = p.pkey and r.account_no = y.account_no and r.route = 'A01'
join raw.accounts as a on a.account_no = y.account_no;

insert into meta.demo_anomalies
select 'P08', 'payment', y.payment_id, concat('领款人为财政供养人员 (', o.employer, ')')
from ${pay} as y
join demo_persons as p on p.person_id = y.person_id
join raw.officials as o on o.person_id = p.person_id
where p.p08;`);
}
