/**
 * meta.loads: one row per file handed to ingest, written in the load's own transaction (status 'done'), or,
 * for a refused file, alone (status 'refused' with the reason): that row is the only trace a refused file
 * leaves.
 */
import type { Warehouse } from '../../warehouse/index.ts';
import type { LoadsTable } from '../../warehouse/schema.types.ts';

export type LoadRecord = Omit<LoadsTable, 'finished_at'>;

/**
 * Wall-clock time as a UTC TIMESTAMP literal. Not DuckDB's current_timestamp, which is the start of the
 * transaction: a load recorded at the end of its transaction would get its start time as its finish.
 */
export const wallClock = (): string => new Date().toISOString().replace('T', ' ').replace('Z', '');

export async function nextLoadId(wh: Warehouse): Promise<number> {
  return wh.value<number>(`select nextval('meta.load_id_seq')`);
}

export async function recordLoad(wh: Warehouse, load: LoadRecord): Promise<void> {
  await wh.run(
    `insert into meta.loads (load_id, entity, file_name, file_sha256, file_format, encoding, layout, status, message,
       rows_read, rows_accepted, rows_unchanged, rows_rejected, started_at, finished_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, cast($14 as timestamp), cast($15 as timestamp))`,
    [
      load.load_id,
      load.entity,
      load.file_name,
      load.file_sha256,
      load.file_format,
      load.encoding,
      load.layout,
      load.status,
      load.message,
      load.rows_read,
      load.rows_accepted,
      load.rows_unchanged,
      load.rows_rejected,
      load.started_at,
      wallClock(),
    ],
  );
}
