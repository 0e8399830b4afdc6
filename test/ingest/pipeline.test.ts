/**
 * The pipeline around the ledger engine and the progress it reports: repeats of a document inside one file,
 * and the phases a large file shows on the progress bar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/index.ts';
import type { Progress } from '../../warehouse/index.ts';
import {
  expectCountsInvariant,
  fixture,
  rejectsOf,
  seedRegions,
  testWarehouse,
  type TestWarehouse,
} from './ingest.helpers.ts';

let t: TestWarehouse;

beforeAll(async () => {
  t = await testWarehouse();
  await seedRegions(t.wh);
  await ingestFile(t.wh, 'funds', fixture('funds.csv'));
});
afterAll(() => t.close());

const HEADER = 'doc_id,txn_code,region_code,budget_year,doc_date,fund_code,amount\n';

describe('indicators', () => {
  it('posts a document once when the file repeats it identically, and rejects a different repeat', async () => {
    const s = await ingestFile(
      t.wh,
      'indicators',
      t.file(
        'docs-repeat.csv',
        `${HEADER}R1,T02,100000,2021,2021-01-05,C,100.00\nR1,T02,100000,2021,2021-01-05,C,100.00\nR1,T02,100000,2021,2021-01-05,C,200.00\n`,
      ),
    );
    expect([s.rows_read, s.accepted, s.unchanged, s.rejected]).toEqual([3, 2, 1, 1]);
    expect(await t.wh.value(`select count(*) from ledger.documents where doc_id = 'R1'`)).toBe(1);
    expect((await rejectsOf(t.wh, s.load_id)).map((r) => [r.row_no, r.error_code])).toEqual([
      [4, 'E_DUPLICATE_KEY_IN_FILE'],
    ]);
    await expectCountsInvariant(t.wh, s);
  });

  it('rejects the identical repeat of a document the ledger rejected, with a reason naming the first row', async () => {
    const s = await ingestFile(
      t.wh,
      'indicators',
      t.file(
        'docs-bad-repeat.csv',
        `${HEADER}R2,T02,100000,2021,2021-01-05,NOFUND,1.00\nR2,T02,100000,2021,2021-01-05,NOFUND,1.00\n`,
      ),
    );
    expect([s.rows_read, s.accepted, s.rejected]).toEqual([2, 0, 2]);
    const rejects = await rejectsOf(t.wh, s.load_id);
    expect(rejects.map((r) => [r.row_no, r.error_code])).toEqual([
      [2, 'E_LEDGER_FUND_UNKNOWN'],
      [3, 'E_SAME_AS_REJECTED_ROW'],
    ]);
    expect(rejects[1]!.message).toBe("第 3 行, 列「doc_id」: 键 'R2' 与本文件第 2 行内容相同, 而该行被拒绝");
    expect(JSON.parse(rejects[1]!.raw_row!)).toMatchObject({ doc_id: 'R2', fund_code: 'NOFUND' });
    await expectCountsInvariant(t.wh, s);
  });
});

describe("inside a caller's transaction", () => {
  it('numbers rows from the file, not from the transaction-local row ids', async () => {
    const path = t.file('officials-tx.csv', 'person_id,name,region_code\nTX-1,甲,520102\nTX-2\nTX-3,丙,999999\n');
    const s = await t.wh.transaction((tx) => ingestFile(tx, 'officials', path));
    expect((await rejectsOf(t.wh, s.load_id)).map((r) => [r.row_no, r.error_code])).toEqual([
      [3, 'E_COLUMN_COUNT'],
      [4, 'E_REGION_UNKNOWN'],
    ]);
    expect(await t.wh.value(`select row_no from raw.officials where person_id = 'TX-1'`)).toBe(2);
  });
});

describe('progress', () => {
  const recorder = (): { progress: Progress; phases: string[] } => {
    const phases: string[] = [];
    return {
      phases,
      progress: { start: (label) => phases.push(label), update: () => undefined, stop: () => undefined },
    };
  };

  it('reports its phases for large files and stays silent for small ones', async () => {
    const path = t.file('officials-progress.csv', '证件号码,姓名,区划代码\nG-1,甲,520102\n');
    const large = recorder();
    await ingestFile(t.wh, 'officials', path, { progress: large.progress, progressMinBytes: 1 });
    expect(large.phases).toEqual(['读取并校验', '存储']);
    const small = recorder();
    await ingestFile(t.wh, 'officials', path, { progress: small.progress });
    expect(small.phases).toEqual([]);
  });
});
