import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Warehouse, migrate } from '../../warehouse/index.ts';
import { fillTinyLedger } from '../../exports/tiny-ledger.fixture.ts';
import { registerExport } from './export.command.ts';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fundtrail-export-cli-'));
  db = join(dir, 'fundtrail.duckdb');
  const wh = await Warehouse.open(db);
  await migrate(wh);
  await fillTinyLedger(wh);
  wh.closeAll();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs the command in-process (as cli/fundtrail.ts wires it) and captures its output and exit code. */
async function exportCommand(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = new Command('fundtrail').option('--db <path>').option('--json').exitOverride();
  registerExport(program);
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  await program.parseAsync(['--db', db, ...args], { from: 'user' });
  vi.restoreAllMocks();
  return { code: Number(process.exitCode ?? 0), stdout, stderr };
}

describe('fundtrail export', () => {
  it('writes an extract and prints the summary as JSON', async () => {
    const out = join(dir, 'out');
    const r = await exportCommand(
      '--json',
      'export',
      'ledger',
      '--out',
      out,
      '--format',
      'parquet',
      '--region',
      '110000',
      '--year',
      '2020',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({
      kind: 'ledger',
      format: 'parquet',
      file: join(out, 'ledger-110000-2020.parquet'),
      rows: 10,
    });
    expect(existsSync(join(out, 'ledger-110000-2020.parquet'))).toBe(true);
  });

  it('prints a human summary naming the file and the rows', async () => {
    const r = await exportCommand('export', 'trace', '--out', join(dir, 'human'), '--region', '110100');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 行');
    expect(r.stdout).toContain(join(dir, 'human', 'trace-110100.csv'));
  });

  it('treats a missing --out, a bad format or year, or an unknown region or kind as wrong usage (exit 2)', async () => {
    const noOut = await exportCommand('export', 'journal');
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out');
    const bad = await exportCommand('--json', 'export', 'journal', '--out', dir, '--format', 'pdf', '--year', '20x');
    expect(bad.code).toBe(2);
    const error = (JSON.parse(bad.stdout.trim()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('EXPORT_OPTION_INVALID');
    expect(error.message).toContain('--format');
    expect(error.message).toContain('--year');
    const region = await exportCommand('export', 'journal', '--out', dir, '--region', '999999');
    expect([region.code, region.stderr.includes('EXPORT_REGION_UNKNOWN')]).toEqual([2, true]);
    const kind = await exportCommand('export', 'budgets', '--out', dir);
    expect([kind.code, kind.stderr.includes('EXPORT_KIND_UNKNOWN')]).toEqual([2, true]);
  });

  it('asks in Chinese for the region and year of an audit package, exit 2 (through the installed bin)', () => {
    const r = spawnSync(process.execPath, ['bin/fundtrail.mjs', '--db', db, 'export', 'audit', '--out', dir], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(r.stderr).toContain('EXPORT_OPTION_INVALID');
    expect(r.stderr).toContain('缺少区划代码');
    expect(r.stderr).toContain('缺少预算年度');
    expect(r.status).toBe(2);
  });
});
