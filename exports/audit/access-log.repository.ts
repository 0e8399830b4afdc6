/**
 * The access log (meta.access_log, migration 011): who exported or saw unmasked personal data, when, for what
 * scope and how many rows. Append-only by construction: this module inserts and reads; nothing in the code
 * updates or deletes a row.
 */
import { userInfo } from 'node:os';
import type { Warehouse } from '../../warehouse/index.ts';

export type AccessAction = 'export' | 'download' | 'unmasked_view';

export interface AccessEntry {
  username: string;
  role: string | null;
  channel: 'api' | 'cli';
  action: AccessAction;
  target: string;
  region_code: string | null;
  budget_year: number | null;
  row_count: number;
  unmasked: boolean;
  detail?: Record<string, unknown> | undefined;
}

export interface AccessRow extends Omit<AccessEntry, 'detail'> {
  log_id: number;
  logged_at: string;
  detail: string | null;
}

/** The CLI's user: the operating-system account that ran the command. */
export function cliUser(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

export async function appendAccess(wh: Warehouse, e: AccessEntry): Promise<void> {
  await wh.run(
    `insert into meta.access_log
       (logged_at, username, role, channel, action, target, region_code, budget_year, row_count, unmasked, detail)
     values (now()::timestamp, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      e.username,
      e.role,
      e.channel,
      e.action,
      e.target,
      e.region_code,
      e.budget_year,
      e.row_count,
      e.unmasked,
      e.detail === undefined ? null : JSON.stringify(e.detail),
    ],
  );
}

export interface AccessFilter {
  /** only entries whose region lies in this region's subtree */
  within: string;
  username?: string | undefined;
  action?: AccessAction | undefined;
  limit: number;
  offset: number;
}

export async function listAccess(wh: Warehouse, f: AccessFilter): Promise<{ rows: AccessRow[]; total: number }> {
  // an entry without a region (a whole-warehouse CLI export) is shown only to users of the top region
  const where = `where (l.region_code in (select code from raw.region_closure where ancestor_code = $1)
      or (l.region_code is null and exists (select 1 from raw.region_current where code = $1 and parent_code is null)))
    and ($2::varchar is null or l.username = $2) and ($3::varchar is null or l.action = $3)`;
  const params = [f.within, f.username ?? null, f.action ?? null];
  const rows = await wh.all<AccessRow & Record<string, unknown>>(
    `select l.log_id, strftime(l.logged_at, '%Y-%m-%dT%H:%M:%SZ') as logged_at, l.username, l.role, l.channel,
       l.action, l.target, l.region_code, l.budget_year, l.row_count, l.unmasked, l.detail
     from meta.access_log as l ${where}
     order by l.log_id desc limit $4 offset $5`,
    [...params, f.limit, f.offset],
  );
  const total = await wh.value<number>(`select count(*) from meta.access_log as l ${where}`, params);
  return { rows, total: Number(total) };
}
