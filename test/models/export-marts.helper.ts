/** Builds the marts the ledger, trace and interlock exports read, for tests that export from a fixture ledger. */
import { expect } from 'vitest';
import { buildModels } from '../../models/index.ts';
import { EXPORT_MARTS } from '../../exports/index.ts';
import type { Warehouse } from '../../warehouse/index.ts';

export async function buildExportMarts(wh: Warehouse): Promise<void> {
  const marts = Object.values(EXPORT_MARTS).flat();
  const result = await buildModels(wh, { select: marts.map((m) => `+${m}`), unitTests: false });
  expect(result.ok, JSON.stringify(result.tests.filter((t) => t.status !== 'pass'))).toBe(true);
}
