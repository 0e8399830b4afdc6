/**
 * `fundtrail export audit` and `fundtrail verify-extract` as a user runs them: the package is written and
 * recorded in the access log; verify-extract passes (exit 0), and after one altered byte fails (exit 1) naming
 * the file; an encrypted package needs its passphrase from the environment.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/index.ts';
import { runFundtrail } from '../cli.helpers.ts';
import { auditDemo } from './audit.fixture.ts';

let db: string;
let dir: string;
let county: string;

beforeAll(async () => {
  const fx = await auditDemo();
  db = join(fx.dir, 'demo.duckdb');
  dir = fx.dir;
  county = fx.county;
  fx.wh.closeAll();
}, 300_000);

afterAll(() => undefined);

describe('fundtrail export audit / verify-extract', () => {
  it('writes the package, logs it, verifies it, and fails on an altered byte', async () => {
    const out = join(dir, 'pkg');
    const made = await runFundtrail(
      db,
      '--json',
      'export',
      'audit',
      '--region',
      county,
      '--year',
      '2020',
      '--out',
      out,
      '--formats',
      'csv,parquet',
    );
    expect(made.code, made.stderr).toBe(0);
    const summary = JSON.parse(made.stdout) as { rows: number; tables: { name: string; rows: number }[] };
    expect(summary.rows).toBeGreaterThan(0);
    const ok = await runFundtrail(db, 'verify-extract', out);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('核验通过');

    const file = join(out, 'payments.parquet');
    const bytes = readFileSync(file);
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(file, bytes);
    const bad = await runFundtrail(db, 'verify-extract', out);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('payments.parquet: SHA-256 与 manifest 不符');

    const wh = await openWarehouse(db);
    try {
      const log = await wh.all<{ target: string; row_count: number; unmasked: boolean; username: string }>(
        `select target, row_count, unmasked, username from meta.access_log where channel = 'cli'`,
      );
      expect(log).toEqual([
        { target: 'export audit', row_count: summary.rows, unmasked: true, username: expect.stringMatching(/^cli:/) },
      ]);
    } finally {
      wh.closeAll();
    }
  });

  it('refuses an audit package without a region and year, and an encrypted one without a passphrase', async () => {
    const missing = await runFundtrail(db, 'export', 'audit', '--out', join(dir, 'x'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('缺少区划代码');
    const enc = await runFundtrail(
      db,
      'export',
      'audit',
      '--region',
      county,
      '--year',
      '2020',
      '--out',
      join(dir, 'enc'),
      '--encrypt',
    );
    expect(enc.code).toBe(2);
    expect(enc.stderr).toContain('FUNDTRAIL_EXTRACT_PASSPHRASE');
  });
});
