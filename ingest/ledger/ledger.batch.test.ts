import { afterEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/index.ts';
import { LEDGER_CODES as C } from './ledger.codes.ts';
import { postStagedDocuments } from './ledger.engine.ts';
import {
  chainToCity,
  documentCount,
  postDocuments,
  postingCount,
  stageDocuments,
  testLedger,
  wan,
  type DocFixture,
} from './ledger.fixtures.ts';
import { verifyLedger } from './ledger.verify.ts';

let wh: Warehouse | undefined;
afterEach(() => wh?.closeAll());

const t04 = (id: string, amount: number, source = 'CITY20'): DocFixture => ({
  id,
  txn: 'T04',
  region: '520100',
  year: 2020,
  amount,
  source,
  project: `XM-${id}`,
});

describe('a batch', () => {
  it('posted twice: the second time everything is unchanged and nothing new is written', async () => {
    wh = await testLedger();
    const file = [...chainToCity(2020, wan(1000)), t04('A', wan(10)), t04('B', wan(20))];
    const first = await postDocuments(wh, file);
    expect(first).toMatchObject({ read: 7, accepted: 7, unchanged: 0, rejected: [] });
    const docs = await documentCount(wh);
    const postings = await postingCount(wh);
    const second = await postDocuments(wh, file, { loadId: 2 });
    expect(second).toMatchObject({ read: 7, accepted: 7, unchanged: 7, postings: 0, rejected: [] });
    expect([await documentCount(wh), await postingCount(wh)]).toEqual([docs, postings]);
    expect(await wh.value('select count(*) from ledger.documents where load_id = 2')).toBe(0);
  });

  it('with children overflowing one source: taken in file order, a later smaller one still fits', async () => {
    wh = await testLedger(chainToCity(2020, wan(1000)));
    const result = await postDocuments(wh, [
      t04('A', wan(700)),
      t04('B', wan(400)), // 300 left: over
      t04('C', wan(200)), // fits
      t04('D', wan(150)), // 100 left: over
      t04('E', wan(100)), // fits exactly
    ]);
    expect(result.rejected.map((r) => [r.doc_id, r.code])).toEqual([
      ['B', C.R2_EXCEEDS_SOURCE],
      ['D', C.R2_EXCEEDS_SOURCE],
    ]);
    expect(result.rejected[0]?.message).toContain('剩余 3000000.00 元, 本单 4000000.00 元');
    expect(result.rejected[1]?.message).toContain('剩余 1000000.00 元, 本单 1500000.00 元');
    expect(await wh.value('select remaining from ledger.document_balances where doc_id = $1', ['CITY20'])).toBe(0);
    expect(await wh.value(`select count(*) from ledger.postings where doc_id in ('B', 'D')`)).toBe(0);
  });

  it('with a T09 and carved children of the same document competing in file order', async () => {
    wh = await testLedger(chainToCity(2020, wan(1000)));
    const result = await postDocuments(wh, [
      t04('A', wan(600)),
      { id: 'RED', txn: 'T09', region: '520100', year: 2020, amount: -wan(300), corrects: 'CITY20' },
      t04('B', wan(200)), // 100 left
    ]);
    expect(result.rejected.map((r) => [r.doc_id, r.code])).toEqual([['B', C.R2_EXCEEDS_SOURCE]]);
  });

  it('rejects the descendants of a rejected document, and documents whose sources form a cycle', async () => {
    wh = await testLedger();
    const [root, ...rest] = chainToCity(2020, wan(1000));
    const result = await postDocuments(wh, [
      { ...root!, amount: 0 },
      ...rest,
      { ...t04('X', 1, 'Y'), source: 'Y' },
      { ...t04('Y', 1, 'X'), source: 'X' },
      t04('Z', 1, 'NOWHERE'),
    ]);
    expect(result.rejected.map((r) => [r.doc_id, r.code])).toEqual([
      ['ROOT20', C.AMOUNT_SIGN],
      ['TO-P20', C.SOURCE_REJECTED],
      ['PROV20', C.SOURCE_REJECTED],
      ['TO-M20', C.SOURCE_REJECTED],
      ['CITY20', C.SOURCE_REJECTED],
      ['X', C.SOURCE_CYCLE],
      ['Y', C.SOURCE_CYCLE],
      ['Z', C.SOURCE_UNKNOWN],
    ]);
    expect(result.rejected[1]?.message).toBe(
      '第 3 行 (单据 TO-P20), 列「来源单据编号」: 来源单据 ROOT20 被拒绝, 本单随之拒绝',
    );
    expect(result.accepted).toBe(0);
    expect([await documentCount(wh), await postingCount(wh)]).toEqual([0, 0]);
  });

  it('with a repeated doc_id: identical → unchanged, different → rejected (rule 7)', async () => {
    wh = await testLedger(chainToCity(2020, wan(1000)));
    const result = await postDocuments(wh, [t04('A', 100), t04('A', 100), t04('A', 200)]);
    expect(result).toMatchObject({ read: 3, accepted: 2, unchanged: 1 });
    expect(result.rejected.map((r) => [r.row_no, r.code, r.column_name])).toEqual([[4, C.R7_CONFLICT, 'doc_id']]);
    expect(result.rejected[0]?.message).toContain('规则7: 单据编号 A 与第 2 行重复, 内容不同');
    // A repeat of a rejected row is rejected for the same reason.
    const both = await postDocuments(wh, [t04('B', wan(5000)), t04('B', wan(5000))]);
    expect(both.rejected.map((r) => r.code)).toEqual([C.R2_EXCEEDS_SOURCE, C.R2_EXCEEDS_SOURCE]);
    expect(both.rejected[1]?.message).toMatch(/与第 2 行相同的单据被拒绝: 规则2/);
  });

  it('writes its rejections to meta.rejects with load, row, column and the row as read (unless told not to)', async () => {
    wh = await testLedger(chainToCity(2020, wan(1000)));
    await postDocuments(wh, [t04('A', 100), { ...t04('B', 100), rowNo: 17, project: undefined }], { loadId: 7 });
    const rejects = await wh.all<{
      load_id: number;
      row_no: number;
      column_name: string;
      error_code: string;
      raw: string;
    }>(`select load_id, row_no, column_name, error_code, raw_row->>'id' as raw from meta.rejects`);
    expect(rejects).toEqual([
      { load_id: 7, row_no: 17, column_name: 'project_code', error_code: C.PROJECT_REQUIRED, raw: 'B' },
    ]);
    const quiet = await postDocuments(wh, [{ ...t04('C', 100), project: undefined }], {
      loadId: 8,
      recordRejects: false,
    });
    expect(quiet.rejected).toHaveLength(1);
    expect(await wh.value('select count(*) from meta.rejects where load_id = 8')).toBe(0);
  });

  it('runs inside the caller transaction: a rollback leaves nothing behind', async () => {
    wh = await testLedger();
    const stage = await stageDocuments(wh, chainToCity(2020, wan(1)));
    await expect(
      wh.transaction(async (tx) => {
        const result = await postStagedDocuments(tx, stage, { loadId: 1 });
        expect(result.accepted).toBe(5);
        throw new Error('caller fails later');
      }),
    ).rejects.toThrow('caller fails later');
    expect([await documentCount(wh), await postingCount(wh)]).toEqual([0, 0]);
    const result = await postStagedDocuments(wh, stage, { loadId: 1 });
    expect(result.accepted).toBe(5);
    expect((await verifyLedger(wh)).ok).toBe(true);
  });
});
