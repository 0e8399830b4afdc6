/**
 * One small warehouse where every monitoring rule has a case that fires and a near-miss that must stay quiet,
 * built through the real ledger engine and the real model runner, checked as of 2020-12-31. `RULE_CASES` names,
 * per rule, the subject that must be found and the one that must not (the comment says why).
 */
import {
  addFunds,
  addRegions,
  FIXTURE_LOAD_ID,
  ledgerWarehouse,
  TEST_FUNDS,
  TEST_REGIONS,
} from '../../ingest/ledger/ledger.fixtures.ts';
import { createDocumentStage, postStagedDocuments } from '../../ingest/ledger/index.ts';
import { buildModels } from '../../models/index.ts';
import { loadRules, ruleModelRefs } from '../../models/monitoring/index.ts';
import type { SqlValue, Warehouse } from '../../warehouse/index.ts';

export const AS_OF = '2020-12-31';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid 居民身份证号 (GB 11643) from 17 digits. */
export function residentId(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (WEIGHTS[i] ?? 0) * Number(first17[i]);
  return first17 + ('10X98765432'[sum % 11] ?? '');
}
/** The same ID with a wrong check character. */
export const badCheck = (first17: string): string => {
  const good = residentId(first17);
  return first17 + (good.endsWith('0') ? '1' : '0');
};

export const ID = {
  A: residentId('52010119800101001'),
  B: residentId('52010119820202002'),
  D: residentId('52010119400303003'),
  E: badCheck('52010119500404004'),
  F: residentId('52010119600505005'),
  G: residentId('52010119700606006'),
  O: residentId('52010119750707007'),
  P: residentId('52010119800808008'),
  Q: residentId('52010119810909009'),
  R: residentId('52010119821010010'),
  S: residentId('52010119831111011'),
};

interface Doc {
  id: string;
  txn: string;
  region: string;
  date: string;
  amount: number;
  year?: number;
  source?: string;
  corrects?: string;
  fund?: string;
  target?: string;
  docNo?: string | null;
  supDocNo?: string;
  project?: string;
  projectName?: string | null;
  func?: string;
  econ?: string;
  advance?: boolean;
  forPoor?: boolean;
}

/** Stages and posts documents with every column the rules read (amounts in 分). */
export async function postDocs(wh: Warehouse, docs: readonly Doc[]): Promise<void> {
  const stage = `monitoring_fixture_stage`;
  await createDocumentStage(wh, stage);
  await wh.append(
    stage,
    docs.map((d, i): SqlValue[] => [
      i,
      i + 2,
      null,
      d.id,
      d.txn,
      d.region,
      d.year ?? 2020,
      d.date,
      d.docNo === undefined ? `县财农〔2020〕${i + 100}号` : d.docNo,
      d.supDocNo ?? null,
      d.source ?? null,
      d.corrects ?? null,
      d.fund ?? null,
      d.project ?? null,
      d.projectName === undefined ? null : d.projectName,
      d.func ?? null,
      d.econ ?? null,
      d.target ?? null,
      d.amount,
      d.advance ?? false,
      d.forPoor ?? false,
      false,
      null,
      null,
    ]),
  );
  const result = await postStagedDocuments(wh, stage, { loadId: FIXTURE_LOAD_ID });
  await wh.run(`drop table if exists ${stage}`);
  if (result.rejected.length) throw new Error(`夹具单据被拒绝: ${result.rejected.map((r) => r.message).join('; ')}`);
}

const WAN = 1_000_000; // 1 万元 in 分

/** Payments: [payment_id, doc, person, name, village, month, payable, paid, account] */
type Pay = [string, string, string, string, string, string, number, number, string];
const V1 = '520101001001';
const V2 = '520101001002';

const PAYMENTS: Pay[] = [
  // PROG (全部用于贫困人员): its detail equals what the ledger paid (M05, P10 quiet)
  ['X01', 'PROG', ID.A, '张甲', V1, '2020-01', 50_000, 50_000, 'ACC1'],
  ['X02', 'PROG', ID.A, '张甲', V1, '2020-02', 50_000, 50_000, 'ACC1'], // same person, another month: not P03
  ['X03', 'PROG', ID.B, '张乙', V1, '2020-01', 50_000, 50_000, 'ACC1'], // B shares A's account (one household): not P06
  ['X04', 'PROG', ID.B, '张乙', V1, '2020-01', 50_000, 50_000, 'ACC1'], // the second payment of B for XM9 in 2020-01: P03
  ['X05', 'PROG', ID.A, '张甲', V1, '2020-03', 60_000, 50_000, 'ACC1'], // P01
  ['X06', 'PROG', ID.E, '张戊', V1, '2020-01', 50_000, 50_000, 'ACC5'], // P02 (check digit)
  ['X07', 'PROG', ID.D, '张丁', V1, '2020-02', 50_000, 50_000, 'ACC4'], // died 2020-02-15: same month, not P04
  ['X08', 'PROG', ID.D, '张丁', V1, '2020-03', 50_000, 50_000, 'ACC4'], // after the death: P04
  ['X09', 'PROG', ID.F, '外甲', V1, '2020-01', 50_000, 50_000, 'ACC6'], // not in the register: P05
  ['X10', 'PROG', ID.G, '王庚', V1, '2020-01', 50_000, 50_000, 'ACC7'], // in the register, not 建档立卡: P05
  ['X11', 'PROG', ID.O, '李官', V1, '2020-01', 50_000, 50_000, 'ACC8'], // an official: P08
  ['X12', 'PROG', ID.P, '赵甲', V2, '2020-01', 50_000, 50_000, 'ACC2'], // ACC2: three people of three households: P06
  ['X13', 'PROG', ID.Q, '钱乙', V2, '2020-01', 50_000, 50_000, 'ACC2'],
  ['X14', 'PROG', ID.R, '孙丙', V2, '2020-01', 50_000, 50_000, 'ACC2'],
  ['X15', 'PROG', ID.S, '周丁', V1, '2020-04', 6_000_000, 6_000_000, 'ACC9'], // above 50,000 元: P11; via 实有资金账户: A01
  ['X16', 'PROG', ID.S, '周丁', V1, '2020-05', 5_000_000, 5_000_000, 'ACC3'], // exactly the limit: not P11
  // PRJ1 (not 全部用于贫困人员)
  ['X17', 'PRJ1', ID.F, '外甲', V1, '2020-05', 10_000, 10_000, 'ACC9'], // not for_poor: not P05, not A01
  // PROG2: detail 1,200 元 above the document's 1,000 元: M05 and P10
  ['X18', 'PROG2', ID.A, '张甲', V1, '2020-06', 60_000, 60_000, 'ACC1'],
  ['X19', 'PROG2', ID.B, '张乙', V1, '2020-06', 60_000, 60_000, 'ACC1'],
  // PROG3: detail 2,000 元 = the document, but the ledger paid 1,500 元: P10 only
  ['X20', 'PROG3', ID.A, '张甲', V1, '2020-07', 200_000, 200_000, 'ACC1'],
];

const progTotal = PAYMENTS.filter((p) => p[1] === 'PROG').reduce((s, p) => s + p[7], 0);

const DOCS: Doc[] = [
  // 中央 → 省: 80 % in advance (M07 quiet for 100000/C)
  {
    id: 'ROOT20',
    txn: 'T02',
    region: '100000',
    date: '2019-11-01',
    advance: true,
    amount: 1000 * WAN,
    fund: 'C',
    docNo: '财农〔2020〕1号',
  },
  {
    id: 'TOPA',
    txn: 'T05',
    region: '100000',
    date: '2019-11-10',
    advance: true,
    amount: 800 * WAN,
    source: 'ROOT20',
    target: '520000',
    docNo: '财农〔2020〕2号',
  },
  {
    id: 'TOPB',
    txn: 'T05',
    region: '100000',
    date: '2020-01-10',
    amount: 200 * WAN,
    source: 'ROOT20',
    target: '520000',
    docNo: '财农〔2020〕3号',
  },
  // 省 imports both; passes PROVA on late (M01), PROVB in 10 days (quiet); nothing in advance (M07 for 520000/P)
  {
    id: 'PROVA',
    txn: 'T01',
    region: '520000',
    date: '2019-11-20',
    advance: true,
    amount: 800 * WAN,
    source: 'TOPA',
    fund: 'P',
    docNo: '黔财农〔2019〕12号',
    supDocNo: '财农〔2020〕2号',
  },
  {
    id: 'PROVB',
    txn: 'T01',
    region: '520000',
    date: '2020-01-15',
    amount: 200 * WAN,
    source: 'TOPB',
    fund: 'P',
    docNo: '黔财农〔2020〕3号',
    supDocNo: '财农〔2020〕3号',
  },
  {
    id: 'TOMA',
    txn: 'T05',
    region: '520000',
    date: '2020-03-01',
    amount: 800 * WAN,
    source: 'PROVA',
    target: '520100',
    docNo: '黔财农〔2020〕8号',
  },
  {
    id: 'TOMB',
    txn: 'T05',
    region: '520000',
    date: '2020-01-25',
    amount: 200 * WAN,
    source: 'PROVB',
    target: '520100',
    docNo: '黔财农〔2020〕9号',
  },
  // 甲市 imports TOMA in 4 days (M02 quiet) and TOMB in 26 days (M02; fully imported: L01 quiet)
  {
    id: 'CITYA',
    txn: 'T01',
    region: '520100',
    date: '2020-03-05',
    amount: 800 * WAN,
    source: 'TOMA',
    fund: 'M',
    docNo: '甲市财农〔2020〕1号',
  },
  {
    id: 'CITYB',
    txn: 'T01',
    region: '520100',
    date: '2020-02-20',
    amount: 200 * WAN,
    source: 'TOMB',
    fund: 'M',
    docNo: '甲市财农〔2020〕2号',
  },
  {
    id: 'TOK',
    txn: 'T05',
    region: '520100',
    date: '2020-03-10',
    amount: 500 * WAN,
    source: 'CITYA',
    target: '520101',
    docNo: '甲市财农〔2020〕3号',
  },
  {
    id: 'TOK2',
    txn: 'T05',
    region: '520100',
    date: '2020-03-10',
    amount: 300 * WAN,
    source: 'CITYA',
    target: '520102',
    docNo: '甲市财农〔2020〕4号',
  },
  // 甲一县 imports only 400 万 of TOK (L01, M02); no 文号 (DQ01)
  {
    id: 'K20',
    txn: 'T01',
    region: '520101',
    date: '2020-03-12',
    amount: 400 * WAN,
    source: 'TOK',
    fund: 'K',
    docNo: null,
  },
  // 甲二县 imports TOK2 with a request's title as 文号 (DQ02) and spends it all (M04 quiet)
  {
    id: 'K2IN',
    txn: 'T01',
    region: '520102',
    date: '2020-03-11',
    amount: 300 * WAN,
    source: 'TOK2',
    fund: 'K2',
    docNo: 'XXX教育局关于落实2018年建档立卡学生市级配套资金的请示',
  },
  {
    id: 'K2P',
    txn: 'T04',
    region: '520102',
    date: '2020-03-15',
    amount: 300 * WAN,
    source: 'K2IN',
    project: 'XM20',
    projectName: '乙乡丙村饮水安全巩固提升工程',
    func: '2130505',
    econ: '31005',
  },
  { id: 'K2P7', txn: 'T07', region: '520102', date: '2020-03-20', amount: 300 * WAN, source: 'K2P' },
  { id: 'K2P8', txn: 'T08', region: '520102', date: '2020-04-01', amount: 300 * WAN, source: 'K2P7' },
  // 甲一县's projects
  {
    id: 'PRJ1',
    txn: 'T04',
    region: '520101',
    date: '2020-03-20',
    amount: 100 * WAN,
    source: 'K20',
    project: 'XM1',
    projectName: '甲乡甲村产业路建设项目',
    func: '2130505',
    econ: '31005',
    docNo: '甲一财农〔2020〕3号',
  },
  {
    id: 'PRJ2',
    txn: 'T04',
    region: '520101',
    date: '2020-03-20',
    amount: 50 * WAN,
    source: 'K20',
    project: 'XM2',
    projectName: '水利专项',
    func: '2010301',
    econ: '30299',
  },
  {
    id: 'PRJ3',
    txn: 'T04',
    region: '520101',
    date: '2020-03-20',
    amount: 50 * WAN,
    source: 'K20',
    project: 'XM3',
    projectName: '53',
    func: '2130505',
    econ: '30217',
  },
  {
    id: 'PRJ4',
    txn: 'T04',
    region: '520101',
    date: '2020-03-20',
    amount: 50 * WAN,
    source: 'K20',
    project: 'XM4',
    projectName: null,
    func: '2130505',
    econ: '31005',
  },
  {
    id: 'PRJ5',
    txn: 'T04',
    region: '520101',
    date: '2020-03-20',
    amount: 50 * WAN,
    source: 'K20',
    project: 'XM5',
    projectName: '2020年县级财政专项扶贫资金',
    func: '2130505',
    econ: '31005',
  },
  // programs paying people (全部用于贫困人员), each with its payment plan and payment
  {
    id: 'PROG',
    txn: 'T04',
    region: '520101',
    date: '2020-01-20',
    amount: progTotal,
    source: 'K20',
    project: 'XM9',
    projectName: '甲一县到户产业发展奖补项目',
    func: '2130505',
    econ: '30305',
    forPoor: true,
    year: 2020,
  },
  { id: 'PROG7', txn: 'T07', region: '520101', date: '2020-03-21', amount: progTotal, source: 'PROG' },
  { id: 'PROG8', txn: 'T08', region: '520101', date: '2020-03-22', amount: progTotal, source: 'PROG7' },
  {
    id: 'PROG2',
    txn: 'T04',
    region: '520101',
    date: '2020-05-01',
    amount: 100_000,
    source: 'K20',
    project: 'XM9',
    projectName: '甲一县到户产业发展奖补项目（第二批）',
    func: '2130505',
    econ: '30305',
    forPoor: true,
  },
  { id: 'PROG27', txn: 'T07', region: '520101', date: '2020-05-02', amount: 100_000, source: 'PROG2' },
  { id: 'PROG28', txn: 'T08', region: '520101', date: '2020-05-03', amount: 100_000, source: 'PROG27' },
  {
    id: 'PROG3',
    txn: 'T04',
    region: '520101',
    date: '2020-06-01',
    amount: 200_000,
    source: 'K20',
    project: 'XM9',
    projectName: '甲一县到户产业发展奖补项目（第三批）',
    func: '2130505',
    econ: '30305',
    forPoor: true,
  },
  { id: 'PROG37', txn: 'T07', region: '520101', date: '2020-06-02', amount: 200_000, source: 'PROG3' },
  { id: 'PROG38', txn: 'T08', region: '520101', date: '2020-06-03', amount: 150_000, source: 'PROG37' },
  // a 全部用于贫困人员 T04 without detail for 7 months (P09) and one of a month (quiet)
  {
    id: 'PROG4',
    txn: 'T04',
    region: '520101',
    date: '2020-06-01',
    amount: 100_000,
    source: 'K20',
    project: 'XM9',
    projectName: '甲一县到户产业发展奖补项目（第四批）',
    func: '2130505',
    econ: '30305',
    forPoor: true,
  },
  {
    id: 'PROG5',
    txn: 'T04',
    region: '520101',
    date: '2020-12-01',
    amount: 100_000,
    source: 'K20',
    project: 'XM9',
    projectName: '甲一县到户产业发展奖补项目（第五批）',
    func: '2130505',
    econ: '30305',
    forPoor: true,
  },
  // 乙一县's own arrangements with every defective 文号 of the catalogue (and clean ones)
  { id: 'OWN1', txn: 'T02', region: '520201', date: '2020-02-01', amount: WAN, docNo: '2-14-80' },
  { id: 'OWN2', txn: 'T02', region: '520201', date: '2020-02-01', amount: WAN, docNo: '177' },
  { id: 'OWN3', txn: 'T02', region: '520201', date: '2020-02-01', amount: WAN, docNo: '523' },
  { id: 'OWN4', txn: 'T02', region: '520201', date: '2020-02-01', amount: WAN, docNo: '本级追加' },
  { id: 'OWN5', txn: 'T02', region: '520201', date: '2020-02-01', amount: WAN, docNo: '乙一财农[2020]5号' },
  { id: 'OWN6', txn: 'T02', region: '520201', date: '2020-02-01', amount: WAN, docNo: '乙一财农〔2020〕05号' },
  { id: 'OWN7', txn: 'T02', region: '520201', date: '2020-02-01', amount: WAN, docNo: '乙一财农〔2020〕第5号' },
  { id: 'OWN8', txn: 'T02', region: '520201', date: '2020-02-01', amount: WAN, docNo: '财农〔2020〕1号' },
  { id: 'OWN9', txn: 'T02', region: '520201', date: '2020-02-01', amount: WAN, docNo: '乙一财农〔2020〕9号' },
  { id: 'OWN10', txn: 'T02', region: '520201', date: '2020-02-01', amount: WAN, docNo: '甲一财农〔2020〕3号' },
  { id: 'OWN11', txn: 'T02', region: '520201', date: '2020-02-01', amount: WAN, docNo: '乙一财农（2020）11号' },
];

/** [rule, subject that must be found, subject that must not be, why the near-miss is quiet] */
export const RULE_CASES: readonly [string, string, string, string][] = [
  ['DQ01', 'K20', 'OWN9', '文号齐全'],
  ['DQ02', 'K2IN', 'PROVA', '黔财农〔2019〕12号 is a well-formed 文号'],
  ['DQ03', 'OWN1', 'OWN9', '文号有机关代字和年份'],
  ['DQ04', 'OWN8', 'OWN10', '与同级而非上级的文号相同'],
  ['DQ05', 'OWN5', 'PROVA', '黔财农〔2019〕12号 is well-formed'],
  ['DQ06', 'OWN4', 'OWN9', '正常文号'],
  ['DQ11', 'PRJ4', 'PRJ1', '有项目名称'],
  ['DQ12', 'PRJ3', 'PRJ1', '具体项目名称'],
  ['DQ13', 'PRJ2', 'PRJ1', '甲乡甲村产业路建设项目 is specific'],
  ['DQ14', 'PRJ5', 'PROG', '甲一县到户产业发展奖补项目 is a project'],
  ['M01', 'PROVA', 'PROVB', '10 天内下达'],
  ['M02', 'TOMB', 'TOMA', '4 天内接收'],
  ['M03', 'PRJ1', 'K20', '5001 的余额 30 天前还有变动'],
  ['M04', '520101', '520102', '甲二县已全部支付'],
  ['M05', 'PROG2', 'PROG3', '明细合计等于指标'],
  ['M06', 'PRJ2', 'PRJ1', '2130505 与 31005 都允许'],
  ['M07', '520000/P', '100000/C', '中央 80 % 提前下达'],
  ['L01', 'TOK', 'TOMB', '迟到但全部接收'],
  ['P01', 'X05', 'X01', '应发等于实发'],
  ['P02', 'X06', 'X01', '有效证件号码'],
  ['P03', 'X04', 'X02', '同一人不同月份'],
  ['P04', 'X08', 'X07', '死亡当月发放'],
  ['P05', 'X09', 'X17', '不是全部用于贫困人员的指标'],
  ['P06', 'ACC2', 'ACC1', '同一户两人共用账户'],
  ['P07', 'X03', 'X01', '户主本人'],
  ['P08', 'X11', 'X01', '不是财政供养人员'],
  ['P09', 'PROG4', 'PROG5', '单据日期后仅 30 天'],
  ['P10', 'PROG3', 'PROG', '明细等于实际支付'],
  ['P11', 'X15', 'X16', '恰好等于上限'],
  ['A01', 'X15', 'X17', '不是直达或全部用于贫困人员的资金'],
];

/** The fixture warehouse with its models built (no check run yet). */
export async function monitoringWarehouse(): Promise<Warehouse> {
  const wh = await ledgerWarehouse();
  await addRegions(wh, [
    ...TEST_REGIONS,
    { code: '520101001', name: '甲乡', level: 'township', parent: '520101' },
    { code: V1, name: '甲村', level: 'village', parent: '520101001' },
    { code: V2, name: '乙村', level: 'village', parent: '520101001' },
  ]);
  await addFunds(wh, [
    ...TEST_FUNDS,
    { region: '520102', code: 'K2', name: '县级财政专项扶贫资金', upper: ['520100', 'M'] },
  ]);
  await postDocs(wh, DOCS);
  await wh.run(
    `insert into raw.beneficiaries (person_id, name, household_id, village_code, registered, status, status_date, load_id)
     values ($1, '张甲', 'H1', $10, true, '未脱贫', null, 1), ($2, '张乙', 'H1', $10, true, '未脱贫', null, 1),
            ($3, '张丁', 'H2', $10, true, '死亡', '2020-02-15', 1), ($4, '张戊', 'H6', $10, true, '未脱贫', null, 1),
            ($5, '王庚', 'H7', $10, false, null, null, 1), ($6, '李官', 'H8', $10, true, '未脱贫', null, 1),
            ($7, '赵甲', 'H3', $11, true, '未脱贫', null, 1), ($8, '钱乙', 'H4', $11, true, '未脱贫', null, 1),
            ($9, '孙丙', 'H5', $11, true, '未脱贫', null, 1), ($12, '周丁', 'H9', $10, true, '未脱贫', null, 1)`,
    [ID.A, ID.B, ID.D, ID.E, ID.G, ID.O, ID.P, ID.Q, ID.R, V1, V2, ID.S],
  );
  await wh.run(
    `insert into raw.officials (person_id, name, employer, region_code, load_id) values ($1, '李官', '甲一县财政局', '520101', 1)`,
    [ID.O],
  );
  await wh.run(
    `insert into raw.accounts (account_no, holder_name, holder_id, bank, kind, region_code, load_id) values
       ('ACC1', '张甲', $1, '农商行', '个人', $3, 1), ('ACC2', '赵甲', $2, '农商行', '个人', $4, 1),
       ('ACC9', '甲乡财政所', null, '农商行', '实有资金账户', '520101001', 1)`,
    [ID.A, ID.P, V1, V2],
  );
  for (const [id, doc, person, name, village, month, payable, paid, account] of PAYMENTS) {
    await wh.run(
      `insert into raw.payments (payment_id, doc_id, project_code, person_id, name, village_code, pay_month, payable,
         paid, account_no, unit, load_id) values ($1, $2, 'XM9', $3, $4, $5, $6, $7, $8, $9, '人', 2)`,
      [id, doc, person, name, village, month, payable, paid, account],
    );
  }
  const build = await buildModels(wh, { unitTests: false, select: ruleModelRefs(loadRules()).map((m) => `+${m}`) });
  const failed = build.tests.filter((t) => t.status === 'error' || (t.status === 'fail' && t.severity === 'error'));
  if (!build.ok) {
    throw new Error(
      `夹具模型构建未通过: ${build.models
        .filter((m) => m.status !== 'built')
        .map((m) => `${m.name} ${m.message ?? ''}`)
        .join('; ')} ${failed.map((t) => `${t.model}.${t.test}`).join('; ')}`,
    );
  }
  return wh;
}
