/**
 * Audit packages built for the dashboard as asynchronous jobs: POST starts one (the rows of every table are
 * counted first, then written, with progress), GET polls it, its files are downloaded one by one when it is
 * done. A job runs on its own DuckDB session so requests go on; its directory is 0700 under the warehouse's
 * folder (`audit-exports/<id>`), or FUNDTRAIL_AUDIT_DIR. A finished package is deleted after
 * FUNDTRAIL_AUDIT_RETENTION_HOURS (default 24): unmasked personal data should not pile up on the server. Jobs live
 * in memory: a restart forgets them (their files stay until removed by hand; the access log keeps the record).
 * One job at a time per user.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Warehouse } from '../../warehouse/index.ts';
import { isUserError } from '../../warehouse/index.ts';
import { exportAudit, type AuditProgressEvent } from '../../exports/audit/audit-package.service.ts';
import { appendAccess } from '../../exports/audit/access-log.repository.ts';
import type { ExportFormat } from '../../exports/export.kinds.ts';
import type { Manifest } from '../../exports/audit/audit.manifest.ts';
import type { AuditJob, SessionUser } from '../api/api.types.ts';

export type { AuditJob } from '../api/api.types.ts';

export interface StartJob {
  user: SessionUser;
  region: { code: string; name: string };
  year: number;
  formats?: readonly ExportFormat[] | undefined;
}

export function auditBaseDir(wh: Warehouse): string {
  const env = process.env['FUNDTRAIL_AUDIT_DIR'];
  if (env) return resolve(env);
  return wh.path === ':memory:' ? resolve('data/audit-exports') : join(dirname(resolve(wh.path)), 'audit-exports');
}

/** How long a finished package stays downloadable. */
export function retentionMs(): number {
  const hours = Number(process.env['FUNDTRAIL_AUDIT_RETENTION_HOURS'] ?? 24);
  return Number.isFinite(hours) && hours > 0 ? hours * 3600_000 : 24 * 3600_000;
}

export class AuditJobs {
  private readonly jobs = new Map<string, { job: AuditJob; dir: string }>();

  /** The job if it belongs to `username` (anybody else's is as if it did not exist). */
  get(id: string, username: string): { job: AuditJob; dir: string } | undefined {
    const entry = this.jobs.get(id);
    return entry && entry.job.username === username ? entry : undefined;
  }

  list(username: string): AuditJob[] {
    return [...this.jobs.values()].map((e) => e.job).filter((j) => j.username === username);
  }

  running(username: string): AuditJob | undefined {
    return this.list(username).find((j) => j.status === 'counting' || j.status === 'writing');
  }

  /** Starts a job on a new session of `wh`; returns at once. `finished` resolves when it ends (tests wait on it). */
  start(wh: Warehouse, input: StartJob): { job: AuditJob; finished: Promise<void> } {
    const id = randomBytes(12).toString('hex');
    const dir = join(auditBaseDir(wh), id);
    const job: AuditJob = {
      id,
      username: input.user.username,
      region_code: input.region.code,
      region_name: input.region.name,
      budget_year: input.year,
      status: 'counting',
      created_at: new Date().toISOString(),
      finished_at: null,
      rows_total: 0,
      rows_done: 0,
      current: null,
      tables: [],
      files: [],
      head_hash: null,
      error: null,
    };
    this.jobs.set(id, { job, dir });
    const onProgress = (e: AuditProgressEvent): void => {
      if (e.phase === 'writing') job.status = 'writing';
      if (e.counts) job.tables = e.counts;
      job.rows_total = e.rowsTotal;
      job.rows_done = e.rowsDone;
      job.current = e.table ?? null;
    };
    const finished = (async () => {
      const session = await wh.session();
      try {
        const out = await exportAudit(session, {
          region: input.region.code,
          year: input.year,
          outDir: dir,
          createdBy: input.user.username,
          formats: input.formats,
          onProgress,
        });
        this.finish(job, out.manifest);
        setTimeout(() => void this.expire(job, dir), retentionMs()).unref();
        await appendAccess(session, {
          username: input.user.username,
          role: input.user.role,
          channel: 'api',
          action: 'export',
          target: 'POST /api/audit/exports',
          region_code: input.region.code,
          budget_year: input.year,
          row_count: out.rows,
          unmasked: true,
          detail: { job: id, head_hash: out.manifest.ledger.head_hash },
        });
      } catch (err) {
        job.status = 'failed';
        job.finished_at = new Date().toISOString();
        job.error = isUserError(err) ? err.message : '生成审计数据包失败 (服务器错误, 见日志)';
        if (!isUserError(err)) console.error(err);
      } finally {
        session.close();
      }
    })();
    return { job, finished };
  }

  private finish(job: AuditJob, manifest: Manifest): void {
    job.tables = manifest.tables;
    job.files = [...manifest.files.map((f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 }))];
    job.head_hash = manifest.ledger.head_hash;
    job.status = 'done';
    job.current = null;
    job.finished_at = new Date().toISOString();
  }

  private async expire(job: AuditJob, dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true });
    job.status = 'expired';
    job.files = [];
  }

  /** The absolute path of a file of a finished job, if the name is one of its files (never a path from outside). */
  file(id: string, username: string, name: string): string | undefined {
    const entry = this.get(id, username);
    if (!entry || entry.job.status !== 'done') return undefined;
    if (name !== 'manifest.json' && !entry.job.files.some((f) => f.path === name)) return undefined;
    const path = join(entry.dir, name);
    return existsSync(path) ? path : undefined;
  }
}
