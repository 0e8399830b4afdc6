import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/index.ts';
import type { PostResult } from './ledger.engine.ts';
import { LEDGER_CODES as C } from './ledger.codes.ts';
import {
  TEST_REGIONS,
  addFunds,
  addRegions,
  balances,
  ledgerWarehouse,
  postDocuments,
  wan,
  type DocFixture,
} from './ledger.fixtures.ts';

// 中央 C → 省 P → 甲市 M (designations), with the money already at 甲市: 1000万 in fund M (doc CITY).
const BASE: DocFixture[] = [
  { id: 'ROOT', txn: 'T02', region: '100000', year: 2020, amount: wan(1000), fund: 'C' },
  { id: 'TO-P', txn: 'T05', region: '100000', year: 2020, amount: wan(1000), source: 'ROOT', target: '520000' },
  { id: 'PROV', txn: 'T01', region: '520000', year: 2020, amount: wan(1000), source: 'TO-P', fund: 'P' },
  { id: 'TO-M', txn: 'T05', region: '520000', year: 2020, amount: wan(1000), source: 'PROV', target: '520100' },
  { id: 'CITY', txn: 'T01', region: '520100', year: 2020, amount: wan(1000), source: 'TO-M', fund: 'M' },
];

let wh: Warehouse;
beforeAll(async () => {
  wh = await ledgerWarehouse();
  await addRegions(wh, [
    ...TEST_REGIONS,
    { code: '520103', name: '已撤销县', level: 'county', parent: '520100', validTo: 2019 },
    { code: '520104', name: '新设县', level: 'county', parent: '520100', validFrom: 2021 },
  ]);
  await addFunds(wh, [
    { region: '100000', code: 'C' },
    { region: '520000', code: 'P', upper: ['100000', 'C'] },
    { region: '520100', code: 'M', upper: ['520000', 'P'] },
    { region: '520100', code: 'M2', upper: ['520000', 'P'] },
    { region: '520100', code: 'LOCAL' },
    { region: '520101', code: 'K', upper: ['520100', 'M'] },
  ]);
  const base = await postDocuments(wh, BASE);
  expect(base.rejected).toEqual([]);
});
afterAll(() => wh.closeAll());

// Every test runs inside a transaction that is rolled back, so all start from BASE (and the engine is
// exercised inside a caller's transaction, as the file ingest calls it).
const ROLLBACK = new Error('rollback');
function isolated(body: () => Promise<void>): () => Promise<void> {
  return async () => {
    await wh
      .transaction(async () => {
        await body();
        throw ROLLBACK;
      })
      .catch((e: unknown) => {
        if (e !== ROLLBACK) throw e;
      });
  };
}

/** Posts one document; returns the result and whether anything of it reached the ledger. */
async function post(doc: DocFixture): Promise<{ result: PostResult; posted: boolean; code: string | undefined }> {
  const result = await postDocuments(wh, [doc]);
  const docs = await wh.value<number>('select count(*) from ledger.documents where doc_id = $1', [doc.id]);
  const lines = await wh.value<number>('select count(*) from ledger.postings where doc_id = $1', [doc.id]);
  expect(docs === 0).toBe(lines === 0);
  return { result, posted: docs > 0, code: result.rejected[0]?.code };
}

async function expectRejected(doc: DocFixture, code: string, message?: RegExp): Promise<void> {
  const before = await wh.value<number>('select count(*) from ledger.postings');
  const { result, posted } = await post(doc);
  expect(result.rejected.map((r) => r.code)).toEqual([code]);
  expect(result.accepted + result.rejected.length).toBe(result.read);
  if (message) expect(result.rejected[0]?.message).toMatch(message);
  expect(posted).toBe(false);
  expect(await wh.value<number>('select count(*) from ledger.postings')).toBe(before);
}

async function expectAccepted(doc: DocFixture): Promise<void> {
  const { result, posted } = await post(doc);
  expect(result.rejected).toEqual([]);
  expect(posted).toBe(true);
}

const t04 = (over: Partial<DocFixture> = {}): DocFixture => ({
  id: 'PRJ-1',
  txn: 'T04',
  region: '520100',
  year: 2020,
  amount: wan(100),
  source: 'CITY',
  project: 'XM-001',
  ...over,
});

describe('rule 1: postings balance', () => {
  it(
    'passes with the shipped templates',
    isolated(async () => {
      await expectAccepted(t04());
    }),
  );

  it(
    'rejects a document whose template does not balance, posting nothing',
    isolated(async () => {
      await wh.run(`insert into ledger.txn_templates values ('T04', 3, 'always', '5101', 'D', null, 'doc', 0, 1)`);
      await expectRejected(
        t04(),
        C.R1_UNBALANCED,
        /规则1: 分录借贷不平衡 \(2020 年度 借方 2000000\.00 元, 贷方 1000000\.00 元\)/,
      );
    }),
  );

  it(
    'rejects a document whose txn has no template lines',
    isolated(async () => {
      await expectAccepted(t04());
      await wh.run(`delete from ledger.txn_templates where txn_code = 'T07'`);
      await expectRejected(
        { ...t04({ id: 'PLAN-1', txn: 'T07', source: 'PRJ-1' }), project: undefined },
        C.R1_UNBALANCED,
        /没有生成任何分录/,
      );
    }),
  );
});

describe('rule 2: not more than what is left of the source', () => {
  it(
    'accepts up to the remaining, and names source, remaining and amount when it is exceeded',
    isolated(async () => {
      await expectAccepted(t04({ amount: wan(600) }));
      await expectRejected(
        t04({ id: 'PRJ-2', amount: wan(500) }),
        C.R2_EXCEEDS_SOURCE,
        /列「金额」: 规则2: 超出来源单据 CITY 的剩余额度 \(剩余 4000000\.00 元, 本单 5000000\.00 元\)/,
      );
      await expectAccepted(t04({ id: 'PRJ-3', amount: wan(400) }));
    }),
  );
});

describe('rule 3: T01 imports a T05/T06 addressed to it, same year, into the designated fund', () => {
  const toCounty = {
    id: 'TO-K',
    txn: 'T05',
    region: '520100',
    year: 2020,
    amount: wan(300),
    source: 'CITY',
    target: '520101',
  };

  it(
    'accepts a proper import',
    isolated(async () => {
      await expectAccepted(toCounty);
      await expectAccepted({
        id: 'K-IN',
        txn: 'T01',
        region: '520101',
        year: 2020,
        amount: wan(300),
        source: 'TO-K',
        fund: 'K',
      });
      expect(await balances(wh, '520101', 2020)).toEqual({ '4001': -wan(300), '5001': wan(300) });
    }),
  );

  it(
    'rejects an import by a region the transfer is not addressed to',
    isolated(async () => {
      await expectAccepted(toCounty);
      await expectRejected(
        { id: 'K-IN', txn: 'T01', region: '520102', year: 2020, amount: wan(300), source: 'TO-K' },
        C.R3_SOURCE,
        /规则3: 来源单据 TO-K 下达给区划 520101, 不是本区划 520102/,
      );
    }),
  );

  it(
    'rejects an import whose source is not a T05/T06, or of another budget year',
    isolated(async () => {
      await expectRejected(
        { id: 'K-IN', txn: 'T01', region: '520100', year: 2020, amount: wan(1), source: 'CITY' },
        C.R3_SOURCE,
      );
      await expectAccepted(toCounty);
      await expectRejected(
        { id: 'K-IN', txn: 'T01', region: '520101', year: 2021, amount: wan(300), source: 'TO-K' },
        C.R3_SOURCE,
        /预算年度 2021 与来源单据 TO-K 的预算年度 2020 不一致/,
      );
    }),
  );

  it(
    'rejects an import into a fund whose designated upper fund is not the source fund',
    isolated(async () => {
      await addFunds(wh, [{ region: '520101', code: 'K-WRONG', upper: ['520000', 'P'] }]);
      await expectAccepted(toCounty);
      await expectRejected(
        { id: 'K-IN', txn: 'T01', region: '520101', year: 2020, amount: wan(300), source: 'TO-K', fund: 'K-WRONG' },
        C.R3_FUND,
        /规则3: 资金 K-WRONG 的对应上级资金是 520000\/P, 来源单据 TO-K 的资金是 520100\/M/,
      );
    }),
  );

  it(
    'rejects importing more than was issued (already imported in full)',
    isolated(async () => {
      await expectAccepted(toCounty);
      await expectAccepted({
        id: 'K-IN',
        txn: 'T01',
        region: '520101',
        year: 2020,
        amount: wan(300),
        source: 'TO-K',
        fund: 'K',
      });
      await expectRejected(
        { id: 'K-IN2', txn: 'T01', region: '520101', year: 2020, amount: wan(1), source: 'TO-K', fund: 'K' },
        C.R2_EXCEEDS_SOURCE,
        /尚未接收的额度 \(在途 0\.00 元/,
      );
    }),
  );
});

describe('rule 4: designated association (指定关联)', () => {
  it(
    'imports into two funds that designate the same upper fund, and rejects a fund without designation',
    isolated(async () => {
      const arrange = await postDocuments(wh, [
        { id: 'P2', txn: 'T02', region: '520000', year: 2020, amount: wan(200), fund: 'P' },
        { id: 'TO-M-A', txn: 'T05', region: '520000', year: 2020, amount: wan(100), source: 'P2', target: '520100' },
        { id: 'TO-M-B', txn: 'T05', region: '520000', year: 2020, amount: wan(100), source: 'P2', target: '520100' },
      ]);
      expect(arrange.rejected).toEqual([]);
      await expectAccepted({
        id: 'IN-A',
        txn: 'T01',
        region: '520100',
        year: 2020,
        amount: wan(100),
        source: 'TO-M-A',
        fund: 'M',
      });
      await expectAccepted({
        id: 'IN-B',
        txn: 'T01',
        region: '520100',
        year: 2020,
        amount: wan(100),
        source: 'TO-M-B',
        fund: 'M2',
      });
      await expectRejected(
        { id: 'IN-C', txn: 'T01', region: '520100', year: 2020, amount: wan(1), source: 'TO-M-A', fund: 'LOCAL' },
        C.R4_DESIGNATION,
        /规则4: 资金 LOCAL 没有指定对应上级资金/,
      );
    }),
  );
});

describe('rule 5: a T09 cannot take a document below what was carved from it', () => {
  it(
    'accepts a correction down to the carved amount and rejects one below it',
    isolated(async () => {
      await expectAccepted(t04({ amount: wan(600) }));
      await expectRejected(
        { id: 'RED-1', txn: 'T09', region: '520100', year: 2020, amount: -wan(401), corrects: 'CITY' },
        C.R5_CORRECTION,
        /规则5: 更正后单据 CITY 将低于已从它分出的金额或低于零 \(最多可冲减 4000000\.00 元, 本单 -4010000\.00 元/,
      );
      await expectAccepted({
        id: 'RED-2',
        txn: 'T09',
        region: '520100',
        year: 2020,
        amount: -wan(400),
        corrects: 'CITY',
      });
      expect(await wh.value('select remaining from ledger.document_balances where doc_id = $1', ['CITY'])).toBe(0);
    }),
  );

  it(
    'rejects a correction below zero of a document nothing was carved from',
    isolated(async () => {
      await expectAccepted(t04({ amount: wan(50) }));
      await expectRejected(
        { id: 'RED-1', txn: 'T09', region: '520100', year: 2020, amount: -wan(51), corrects: 'PRJ-1' },
        C.R5_CORRECTION,
      );
    }),
  );
});

describe('rule 6: the region exists and is in use in the budget year', () => {
  const toCounty = (target: string): DocFixture => ({
    id: 'TO-X',
    txn: 'T05',
    region: '520100',
    year: 2020,
    amount: wan(1),
    source: 'CITY',
    target,
  });

  it(
    'accepts a region in use',
    isolated(async () => {
      await expectAccepted(toCounty('520102'));
    }),
  );

  it(
    'rejects a retired, a not yet created and an unknown target region',
    isolated(async () => {
      await expectRejected(
        toCounty('520103'),
        C.R6_REGION,
        /列「接收区划代码」: 规则6: 接收区划 520103 在 2020 年度未启用/,
      );
      await expectRejected(toCounty('520104'), C.R6_REGION, /规则6: 接收区划 520104 在 2020 年度未启用/);
      await expectRejected(toCounty('529999'), C.R6_REGION, /规则6: 接收区划 529999 不存在/);
    }),
  );

  it(
    'rejects a document registered by a retired region',
    isolated(async () => {
      await expectRejected(
        { id: 'OLD', txn: 'T02', region: '520103', year: 2020, amount: 1 },
        C.R6_REGION,
        /列「区划代码」: 规则6: 区划 520103/,
      );
      await expectAccepted({ id: 'OLD', txn: 'T02', region: '520103', year: 2018, amount: 1 });
    }),
  );
});

describe('rule 7: a repeated document id', () => {
  it(
    'is a no-op with identical content and rejected with different content',
    isolated(async () => {
      const again = await postDocuments(wh, [BASE[0]!]);
      expect(again).toMatchObject({ read: 1, accepted: 1, unchanged: 1, postings: 0, rejected: [] });
      const before = await wh.value<number>('select count(*) from ledger.postings');
      const changed = await postDocuments(wh, [{ ...BASE[0]!, amount: wan(999) }]);
      expect(changed.rejected.map((r) => [r.code, r.column_name])).toEqual([[C.R7_CONFLICT, 'doc_id']]);
      expect(changed.rejected[0]?.message).toMatch(
        /列「单据编号」: 规则7: 单据编号 ROOT 已登记, 本行内容与已登记的不同/,
      );
      expect(await wh.value<number>('select count(*) from ledger.postings')).toBe(before);
      expect(await wh.value('select amount from ledger.documents where doc_id = $1', ['ROOT'])).toBe(wan(1000) * 100);
    }),
  );
});

describe('rule 8: the date lies in the budget year, or in Q4 before it when 提前下达', () => {
  it(
    'accepts a date in the year and rejects one outside',
    isolated(async () => {
      await expectAccepted(t04({ date: '2020-12-31' }));
      await expectRejected(
        t04({ id: 'PRJ-2', date: '2021-01-01' }),
        C.R8_DATE,
        /列「登记日期」: 规则8: 登记日期 2021-01-01 不在预算年度 2020 内/,
      );
    }),
  );

  it(
    'accepts an advance document of Q4 of the year before, not one of Q3',
    isolated(async () => {
      await expectAccepted({
        id: 'ADV',
        txn: 'T02',
        region: '100000',
        year: 2021,
        date: '2020-10-01',
        amount: 1,
        advance: true,
      });
      await expectRejected(
        { id: 'ADV2', txn: 'T02', region: '100000', year: 2021, date: '2020-09-30', amount: 1, advance: true },
        C.R8_DATE,
        /也不在 2020 年第四季度/,
      );
    }),
  );
});

describe('field and source checks', () => {
  it(
    'rejects amounts of the wrong sign',
    isolated(async () => {
      await expectRejected(t04({ amount: 0 }), C.AMOUNT_SIGN, /T04 的金额必须大于 0/);
      await expectRejected(
        { id: 'RED', txn: 'T09', region: '520100', year: 2020, amount: 5, corrects: 'CITY' },
        C.AMOUNT_SIGN,
      );
    }),
  );

  it(
    'requires a project for T04, a fund for T03, a source, and a known txn code',
    isolated(async () => {
      await expectRejected(t04({ project: undefined }), C.PROJECT_REQUIRED, /列「项目代码」/);
      await expectRejected(t04({ source: undefined }), C.SOURCE_REQUIRED);
      await expectRejected(t04({ txn: 'T11' }), C.TXN_CODE);
      await expectRejected(
        { id: 'AS', txn: 'T03', region: '520100', year: 2020, amount: 1, source: 'CITY' },
        C.FUND_REQUIRED,
      );
    }),
  );

  it(
    'rejects a source that does not exist or is of the wrong kind, region or year',
    isolated(async () => {
      await expectRejected(t04({ source: 'NOPE' }), C.SOURCE_UNKNOWN, /来源单据 NOPE 不存在/);
      await expectRejected(
        t04({ source: 'TO-M' }),
        C.SOURCE_KIND,
        /T04 的来源单据须为已登记资金的 T01\/T02、T03 或 T10/,
      );
      await expectRejected(t04({ region: '520000', source: 'CITY' }), C.SOURCE_REGION);
      await expectRejected(t04({ year: 2021, date: '2021-03-01' }), C.SOURCE_YEAR);
      await expectRejected(
        { id: 'PLAN', txn: 'T07', region: '520100', year: 2020, amount: 1, source: 'CITY' },
        C.SOURCE_KIND,
      );
    }),
  );

  it(
    'checks the fund: inherited when empty, equal to the source fund when given, registered for T01-T03',
    isolated(async () => {
      await expectAccepted(t04());
      expect(await wh.value('select fund_code from ledger.documents where doc_id = $1', ['PRJ-1'])).toBe('M');
      await expectRejected(
        t04({ id: 'PRJ-2', fund: 'M2' }),
        C.FUND_MISMATCH,
        /资金 M2 与来源单据 CITY 的资金 M 不一致/,
      );
      await expectRejected(
        { id: 'OWN', txn: 'T02', region: '520100', year: 2020, amount: 1, fund: 'NOFUND' },
        C.FUND_UNKNOWN,
      );
    }),
  );

  it(
    'assigns money in 1001 to a fund with T03, and not money already in a fund',
    isolated(async () => {
      await expectAccepted({ id: 'OWN', txn: 'T02', region: '520100', year: 2020, amount: 100 });
      expect(await balances(wh, '520100', 2020)).toMatchObject({ '1001': 100 });
      await expectAccepted({
        id: 'AS',
        txn: 'T03',
        region: '520100',
        year: 2020,
        amount: 60,
        source: 'OWN',
        fund: 'LOCAL',
      });
      expect(await balances(wh, '520100', 2020)).toMatchObject({ '1001': 40, '5001': wan(1000) + 60 });
      await expectRejected(
        { id: 'AS2', txn: 'T03', region: '520100', year: 2020, amount: 1, source: 'CITY', fund: 'LOCAL' },
        C.SOURCE_KIND,
      );
    }),
  );

  it(
    'sends T05 only below and T06 only across',
    isolated(async () => {
      await expectRejected(
        { id: 'UP', txn: 'T05', region: '520100', year: 2020, amount: 1, source: 'CITY', target: '520000' },
        C.TARGET_NOT_DESCENDANT,
        /接收区划 520000 不是区划 520100 的下级/,
      );
      await expectRejected(
        { id: 'SIDE', txn: 'T06', region: '520100', year: 2020, amount: 1, source: 'CITY', target: '520101' },
        C.TARGET_IS_DESCENDANT,
      );
      await expectAccepted({
        id: 'SIDE',
        txn: 'T06',
        region: '520100',
        year: 2020,
        amount: 100,
        source: 'CITY',
        target: '330000',
      });
      await addFunds(wh, [{ region: '330000', code: 'E', upper: ['520100', 'M'] }]);
      await expectAccepted({
        id: 'EAST-IN',
        txn: 'T01',
        region: '330000',
        year: 2020,
        amount: 100,
        source: 'SIDE',
        fund: 'E',
      });
      const lines = await wh.all<{ source_type: string }>(
        `select source_type from ledger.postings where doc_id = 'EAST-IN' and account_code = '4001'`,
      );
      expect(lines).toEqual([{ source_type: '横向转移支付' }]);
      expect(await balances(wh, '520100', 2020)).toMatchObject({ '500203': 100 });
    }),
  );
});
