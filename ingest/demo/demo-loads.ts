/**
 * meta.loads rows for the demo's generated batches (entity, file_name 'demo:<table>', file_format 'generated'),
 * through the ingest's own load recorder. A batch takes its load_id first (its rows carry it), and is recorded
 * when it is complete.
 */
import type { Warehouse } from '../../warehouse/index.ts';
import { nextLoadId, recordLoad, wallClock } from '../store/load.recorder.ts';

export { wallClock };

export interface DemoLoad {
  loadId: number;
  entity: string;
  table: string;
  startedAt: string;
}

export async function beginLoad(wh: Warehouse, entity: string, table: string): Promise<DemoLoad> {
  return { loadId: await nextLoadId(wh), entity, table, startedAt: wallClock() };
}

export async function finishLoad(wh: Warehouse, load: DemoLoad, rows: number, rejected = 0): Promise<void> {
  await recordLoad(wh, {
    load_id: load.loadId,
    entity: load.entity,
    file_name: `demo:${load.table}`,
    file_sha256: null,
    file_format: 'generated',
    encoding: null,
    layout: 'demo',
    status: 'done',
    message: null,
    rows_read: rows,
    rows_accepted: rows - rejected,
    rows_unchanged: 0,
    rows_rejected: rejected,
    started_at: load.startedAt,
  });
}
