/** The small demo warehouse (seed 1) built once into a temporary file for the report tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse, silentProgress, type Warehouse } from '../../warehouse/index.ts';
import { buildDemo } from '../../cli/commands/demo.command.ts';

export async function demoWarehouse(): Promise<{ wh: Warehouse; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'fundtrail-reports-'));
  const wh = await openWarehouse(join(dir, 'demo.duckdb'));
  const built = await buildDemo(wh, { scale: 'small', seed: 1 }, silentProgress);
  if (!built.build.ok) throw new Error('the demo models failed their tests');
  return { wh, dir };
}

export async function regionRef(wh: Warehouse, code: string): Promise<{ code: string; name: string; level: string }> {
  const r = await wh.one<{ code: string; name: string; level: string }>(
    'select code, name, level from marts.regions where code = $1',
    [code],
  );
  if (!r) throw new Error(`no region ${code}`);
  return r;
}
