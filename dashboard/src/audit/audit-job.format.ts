/** Pure helpers of the audit page: what a job's state reads as, its progress, its files' links. */
import type { AuditJob } from '../../../server/api/api.types.ts';

export const JOB_STATUS_NAMES: Record<AuditJob['status'], string> = {
  counting: '计数中',
  writing: '写出中',
  done: '已完成',
  failed: '失败',
  expired: '已过期 (文件已删除)',
};

/** Progress in whole percent (0 while counting). */
export function jobPercent(job: Pick<AuditJob, 'rows_done' | 'rows_total' | 'status'>): number {
  if (job.status === 'done') return 100;
  if (job.rows_total <= 0) return 0;
  return Math.min(100, Math.floor((job.rows_done / job.rows_total) * 100));
}

export const fileUrl = (jobId: string, path: string): string =>
  `/api/audit/exports/${encodeURIComponent(jobId)}/files/${encodeURIComponent(path)}`;

/** Bytes as people read them. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

export const canAudit = (role: string): boolean => role === 'auditor' || role === 'admin';
