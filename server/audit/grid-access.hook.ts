/**
 * The access log's hook in the people and payments grids: every download (any role: it is an export) and
 * every page a role that sees 身份证号 and accounts unmasked (auth/roles.ts canUnmask) was sent.
 */
import type { Warehouse } from '../../warehouse/index.ts';
import { appendAccess } from '../../exports/audit/access-log.repository.ts';
import type { SessionUser } from '../api/api.types.ts';

export interface GridAccess {
  /** e.g. 'GET /api/people' */
  target: string;
  region: string;
  year: number | undefined;
  rows: number;
  download: 'csv' | 'xlsx' | undefined;
  filters: Record<string, unknown>;
}

export async function recordGridAccess(db: Warehouse, user: SessionUser, a: GridAccess): Promise<void> {
  if (a.download === undefined && !user.can_unmask) return;
  await appendAccess(db, {
    username: user.username,
    role: user.role,
    channel: 'api',
    action: a.download === undefined ? 'unmasked_view' : 'download',
    target: a.target,
    region_code: a.region,
    budget_year: a.year ?? null,
    row_count: a.rows,
    unmasked: user.can_unmask,
    detail: {
      ...Object.fromEntries(Object.entries(a.filters).filter(([, v]) => v !== undefined)),
      ...(a.download ? { format: a.download } : {}),
    },
  });
}
