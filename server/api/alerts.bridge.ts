/** Open alerts of a scope by level for the overview (models/monitoring; 0 for every level before any check). */
import { openAlertCounts as countOpen } from '../../models/monitoring/index.ts';
import type { Warehouse } from '../../warehouse/index.ts';
import type { OverviewResponse } from './api.types.ts';
import { isWholeTree } from './region.scope.ts';

const LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;

export async function openAlertCounts(wh: Warehouse, region: string): Promise<OverviewResponse['alerts']> {
  // a scope of the whole tree counts every open alert, without the closure
  const counts = await countOpen(wh, isWholeTree(region) ? undefined : region);
  return LEVELS.map((level) => ({ level, open: Number(counts.find((c) => c.level === level)?.open ?? 0) }));
}
