/**
 * `fundtrail ingest` as users and scripts run it: summaries, --json, the rejection report path, exit codes
 * (0 loaded, 1 a file refused, 2 wrong usage) and `--rejects <load_id>`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixture, REPO_ROOT, testWarehouse, type TestWarehouse } from './ingest.helpers.ts';

let t: TestWarehouse;
let db: string;

beforeAll(async () => {
  t = await testWarehouse();
  db = join(t.dir, 'cli.duckdb');
});
afterAll(() => t.close());

function fundtrail(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/fundtrail.mjs'), '--db', db, ...args], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const summarySchema = z.object({
  entity: z.string(),
  files: z.array(
    z.object({
      file: z.string(),
      status: z.enum(['done', 'refused']),
      load_id: z.number(),
      rows_read: z.number(),
      accepted: z.number(),
      unchanged: z.number(),
      rejected: z.number(),
      report: z.string().nullable(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  ),
});

describe('fundtrail ingest', () => {
  it('exits 2 for wrong usage: unknown entity, no file, a file that does not exist', () => {
    const unknown = fundtrail('ingest', 'widgets', fixture('officials.csv'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('E_ENTITY_UNKNOWN');
    expect(fundtrail('ingest', '区划').code).toBe(2);
    const missing = fundtrail('ingest', 'regions', join(t.dir, 'nope.csv'));
    expect([missing.code, missing.stderr.includes('E_FILE_NOT_FOUND')]).toEqual([2, true]);
  });

  it('loads with rejected rows (exit 0), prints the report path, and writes the report again on demand', () => {
    expect(fundtrail('ingest', '区划', fixture('regions-small.csv')).code).toBe(0);
    const bad = t.file('officials-cli.csv', '证件号码,姓名,区划代码\nK-1,甲,520102\nK-2,乙,888888\n');
    const r = fundtrail('ingest', '财政供养人员', bad);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /读取 2 行, 接受 1 行 \(其中未变 0\), 拒绝 1 行; 批次 (\d+)\n {2}拒绝明细: .*load-\d+-officials\.csv/,
    );
    const loadId = /批次 (\d+)/.exec(r.stdout)![1]!;
    const report = join(t.dir, 'rejects', `load-${loadId}-officials.csv`);
    const first = readFileSync(report, 'utf8');
    const again = fundtrail('--json', 'ingest', '--rejects', loadId);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ load_id: Number(loadId), report, lines: 1 });
    expect(readFileSync(report, 'utf8')).toBe(first);
    expect(fundtrail('ingest', '--rejects', '99999').code).toBe(2);
  });

  it('exits 1 when a file is refused, still loading the others, with one JSON summary', () => {
    const refused = t.file('no-name.csv', '证件号码,区划代码\nK-3,520102\n');
    const r = fundtrail('--json', 'ingest', 'officials', fixture('officials.csv'), refused);
    expect(r.code).toBe(1);
    const summary = summarySchema.parse(JSON.parse(r.stdout));
    expect(summary.entity).toBe('officials');
    expect(summary.files.map((f) => [f.status, f.rows_read, f.accepted, f.error?.code ?? null])).toEqual([
      ['done', 2, 2, null],
      ['refused', 0, 0, 'E_MISSING_COLUMN'],
    ]);
    expect(summary.files[1]!.error!.message).toBe('缺少必需列: 姓名 (name)');
    expect(existsSync(db)).toBe(true);
  });
});
