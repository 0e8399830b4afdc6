/**
 * `fundtrail build` as a user runs it (a child process on a warehouse file): exit 0 and a report on a good
 * ledger; exit 1 after a posting was tampered with, naming the model, the test and sample rows; exit 2 for an
 * unknown model; `docs` writes the lineage page.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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

const dir = mkdtempSync(join(tmpdir(), 'fundtrail-build-cli-'));
const db = join(dir, 'fundtrail.duckdb');

const fundtrail = (...args: string[]): Promise<CliOutcome> => runFundtrail(db, ...args);

beforeAll(async () => {
  const wh = await openWarehouse(db);
  await addRegions(wh, TEST_REGIONS);
  await addFunds(wh, TEST_FUNDS);
  const result = await postDocuments(wh, chainToCity(2020, wan(1000)));
  expect(result.rejected).toEqual([]);
  wh.closeAll();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fundtrail build', () => {
  it('exits 0 on a good ledger, and 1 after tampering, naming the model, the test and the rows', async () => {
    const good = await fundtrail('build');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('构建通过');
    expect(good.stdout).toMatch(/✓ marts\.general_ledger\s+full/);

    const wh = await openWarehouse(db);
    await wh.run('update ledger.postings set debit = debit + 1 where posting_id = 9');
    wh.closeAll();

    const bad = await fundtrail('build', '--select', '+general_ledger');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('[错误] marts.general_ledger · debit_equals_credit_per_region_year');
    expect(bad.stdout).toContain('"debit":');
    expect(bad.stdout).toContain('(见 audit.marts_general_ledger__debit_equals_credit_per_region_year)');
    expect(bad.stdout).toContain('构建未通过');

    const json = await fundtrail('--json', 'build', '--select', 'general_ledger');
    expect(json.code).toBe(1);
    const summary = JSON.parse(json.stdout) as { ok: boolean; tests: { test: string; status: string }[] };
    expect(summary.ok).toBe(false);
    expect(summary.tests.filter((t) => t.status === 'fail').map((t) => t.test)).toContain(
      'debit_equals_credit_per_region_year',
    );
  });

  it('exits 2 for a model that does not exist', async () => {
    const unknown = await fundtrail('build', '--select', 'no_such_model');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('没有名为 no_such_model 的模型');
  });

  it('docs writes the lineage page', async () => {
    const out = join(dir, 'docs');
    const docs = await fundtrail('docs', '--out', out);
    expect(docs.code).toBe(0);
    expect(existsSync(join(out, 'lineage.html'))).toBe(true);
  });
});
