/**
 * Helpers of the runner's tests: a models folder written from plain strings into a temporary directory,
 * and a small in-memory warehouse with regions, people and payments inserted directly.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Warehouse, migrate } from '../../warehouse/index.ts';

/** Writes `files` (path relative to the models folder → text) and returns the folder. */
export function modelsFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fundtrail-models-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export async function smallWarehouse(): Promise<Warehouse> {
  const wh = await Warehouse.open(':memory:', { threads: 1 });
  await migrate(wh);
  await wh.run(`insert into raw.regions (code, valid_from, name, level, parent_code, load_id) values
    ('100000', 0, '中央', 'central', null, 1),
    ('580000', 0, '某省', 'province', '100000', 1),
    ('580100', 0, '某市', 'city', '580000', 1)`);
  await wh.run(`insert into raw.beneficiaries (person_id, name, household_id, village_code, load_id) values
    ('P1', '张三', 'H1', '580100', 1), ('P2', '李四', 'H2', '580100', 1)`);
  await addPayments(wh, [
    ['X1', 'P1', '2020-01', 100],
    ['X2', 'P2', '2020-01', 200],
    ['X3', 'P1', '2020-02', 300],
  ]);
  return wh;
}

/** Payments as [payment_id, person_id, pay_month, paid 分]. */
export async function addPayments(
  wh: Warehouse,
  rows: readonly [string, string, string, number][],
  loadId = 1,
): Promise<void> {
  for (const [id, person, month, paid] of rows) {
    await wh.run(
      `insert into raw.payments (payment_id, person_id, pay_month, payable, paid, load_id) values ($1, $2, $3, $4, $4, $5)`,
      [id, person, month, paid, loadId],
    );
  }
}

/** The yml text of a model with just its description and grain, plus `rest`. */
export const yml = (rest = ''): string => `description: a test model\ngrain: one row per test\n${rest}`;
