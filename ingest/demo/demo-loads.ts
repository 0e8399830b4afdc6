/**
 * meta.loads rows for the demo's generated batches: entity, file_name 'demo:<table>', file_format
 * 'generated'. A batch takes its load_id first (its rows carry it), and is recorded when it is complete.
 */
import type { Warehouse } from '../../warehouse/index.ts';

/** Wall-clock time as a UTC TIMESTAMP literal (DuckDB's current_timestamp is the transaction's start). */
export const wallClock = (): string => new Date().toISOString().replace('T', ' ').replace('Z', '');

export interface DemoLoad {
  loadId: number;
  entity: string;
  table: string;
  startedAt: string;
}

export async function beginLoad(wh: Warehouse, entity: string, table: string): Promise<DemoLoad> {
  const loadId = await wh.value<number>(`select nextval('meta.load_id_seq')::bigint`);
  return { loadId, entity, table, startedAt: wallClock() };
}

export async function finishLoad(wh: Warehouse, load: DemoLoad, rows: number, rejected = 0): Promise<void> {
  await wh.run(
    `insert into meta.loads (load_id, entity, file_name, file_format, layout, status, rows_read, rows_accepted,
       rows_unchanged, rows_rejected, started_at, finished_at)
     values ($1, $2, $3, 'generated', 'demo', 'done', $4, $5, 0, $6, $7::timestamp, $8::timestamp)`,
    [load.loadId, load.entity, `demo:${load.table}`, rows, rows - rejected, rejected, load.startedAt, wallClock()],
  );
}
