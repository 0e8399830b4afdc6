/**
 * Shared by the ingest suites: a fresh migrated warehouse (a file in a temp dir, so rejection reports have a
 * home), fixture paths, writing test files, and the counts invariant every load must keep.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { openWarehouse, type Warehouse } from '../../warehouse/index.ts';
import { ingestFile, type IngestSummary } from '../../ingest/index.ts';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = resolve(REPO_ROOT, '../shared');

export const fixture = (name: string): string => join(FIXTURES, name);

export interface TestWarehouse {
  wh: Warehouse;
  dir: string;
  /** writes a file into the temp dir and returns its path */
  file: (name: string, content: string | Buffer) => string;
  close: () => void;
}

export async function testWarehouse(): Promise<TestWarehouse> {
  const dir = mkdtempSync(join(tmpdir(), 'fundtrail-ingest-test-'));
  const wh = await openWarehouse(join(dir, 'test.duckdb'), { threads: 2 });
  return {
    wh,
    dir,
    file: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    close: () => {
      wh.closeAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The small region tree (中央 → 贵州省 → 贵阳市 → 南明区 → 花果园街道 → 花果园社区, and 云岩区). */
export async function seedRegions(wh: Warehouse): Promise<void> {
  const s = await ingestFile(wh, 'regions', fixture('regions-small.csv'));
  expect(s.rejected).toBe(0);
}

export interface RejectRow extends Record<string, unknown> {
  row_no: number;
  column_name: string | null;
  error_code: string;
  message: string;
  raw_row: string | null;
}

export async function rejectsOf(wh: Warehouse, loadId: number): Promise<RejectRow[]> {
  return wh.all<RejectRow>(
    `select row_no, column_name, error_code, message, cast(raw_row as varchar) as raw_row
     from meta.rejects where load_id = $1 order by row_no, error_code`,
    [loadId],
  );
}

/** accepted + rejected = read, in the summary and in meta.loads alike. */
export async function expectCountsInvariant(wh: Warehouse, s: IngestSummary): Promise<void> {
  expect(s.accepted + s.rejected).toBe(s.rows_read);
  const load = await wh.one<{
    rows_read: number;
    rows_accepted: number;
    rows_rejected: number;
    rows_unchanged: number;
  }>('select rows_read, rows_accepted, rows_rejected, rows_unchanged from meta.loads where load_id = $1', [s.load_id]);
  expect(load).toEqual({
    rows_read: s.rows_read,
    rows_accepted: s.accepted,
    rows_rejected: s.rejected,
    rows_unchanged: s.unchanged,
  });
  const rejectedRows = await wh.value<number>('select count(distinct row_no) from meta.rejects where load_id = $1', [
    s.load_id,
  ]);
  expect(rejectedRows).toBe(s.rejected);
}

/** Row counts of every table a load may touch: to assert that a refused file changed nothing. */
export async function tableCounts(wh: Warehouse): Promise<Record<string, number>> {
  const tables = [
    'raw.regions',
    'raw.region_changes',
    'raw.funds',
    'raw.projects',
    'raw.beneficiaries',
    'raw.payments',
    'raw.accounts',
    'raw.officials',
    'ledger.documents',
    'ledger.postings',
    'meta.rejects',
    'meta.replaced_rows',
  ];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = await wh.value<number>(`select count(*) from ${t}`);
  return out;
}
