/**
 * Where the API meets the monitoring engine (models/monitoring, issue 5): open alerts of a scope by level.
 * Until the engine's tables exist in a warehouse, every level counts 0.
 */
import type { Warehouse } from '../../warehouse/index.ts';
import type { OverviewResponse } from './api.types.ts';

const LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;

export async function openAlertCounts(_wh: Warehouse, _region: string): Promise<OverviewResponse['alerts']> {
  return LEVELS.map((level) => ({ level, open: 0 }));
}
