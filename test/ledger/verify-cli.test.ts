import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/index.ts';
import {
  TEST_FUNDS,
  TEST_REGIONS,
  addFunds,
  addRegions,
  chainToCity,
  postDocuments,
  wan,
} from '../../ingest/ledger/ledger.fixtures.ts';
import { runFundtrail, type CliOutcome } from '../cli.helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'fundtrail-verify-'));
const db = join(dir, 'fundtrail.duckdb');

const verify = (...args: string[]): Promise<CliOutcome> => runFundtrail(db, 'verify', ...args);

beforeAll(async () => {
  const wh = await openWarehouse(db);
  await addRegions(wh, TEST_REGIONS);
  await addFunds(wh, TEST_FUNDS);
  const result = await postDocuments(wh, chainToCity(2020, wan(1000)));
  expect(result.rejected).toEqual([]);
  wh.closeAll();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fundtrail verify', () => {
  it('exits 0 on a good warehouse and 1 after a posting was tampered with, naming it', async () => {
    const good = await verify();
    expect(good.stderr).toBe('');
    expect({ code: good.code, stdout: good.stdout }).toMatchObject({ code: 0 });
    expect(good.stdout).toContain('5 张单据, 16 条分录');
    expect(good.stdout).toContain('结论: 全部通过');

    const wh = await openWarehouse(db);
    await wh.run('update ledger.postings set debit = debit + 1 where posting_id = 9');
    wh.closeAll();

    const bad = await verify();
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/哈希链完整\s+未通过 \(1\)/);
    expect(bad.stdout).toContain('第一处断链: 分录 9');
    expect(bad.stdout).toContain('结论: 复核未通过');

    const json = await verify('--json');
    expect(json.code).toBe(1);
    const summary = JSON.parse(json.stdout) as {
      ok: boolean;
      checks: { key: string; ok: boolean; firstBrokenPostingId?: number }[];
    };
    expect(summary.ok).toBe(false);
    expect(summary.checks.find((c) => c.key === 'chain')).toMatchObject({ ok: false, firstBrokenPostingId: 9 });
    expect(
      summary.checks
        .filter((c) => !c.ok)
        .map((c) => c.key)
        .sort(),
    ).toEqual(['balanced', 'chain', 'holdings', 'identity']);
  });
});
