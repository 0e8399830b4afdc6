/**
 * 专员办 audit routes (issue 7): start an audit package as a job (管理员 and 专员办审计, a region of their scope),
 * poll it, download its files; read the access log (same roles, entries of their scope). Every download of a
 * package file is itself recorded in the access log.
 */
import { z } from 'zod';
import { anyRoute, route } from './route.registry.ts';
import { HttpError, notFoundError } from '../http-errors.ts';
import { Page, PageSize, RegionCode } from './query.params.ts';
import { AuditJobs } from '../audit/audit-jobs.service.ts';
import { EXPORT_FORMATS } from '../../exports/export.kinds.ts';
import { appendAccess, listAccess } from '../../exports/audit/access-log.repository.ts';
import type { AccessLogResponse, AccessLogRow, AuditJob, AuditJobsResponse, Role } from './api.types.ts';

export const AUDIT_ROLES: readonly Role[] = ['auditor', 'admin'];

const StartBody = z.object({
  region: RegionCode,
  year: z.coerce.number().int().min(2000, '年度应在 2000–2100 之间').max(2100, '年度应在 2000–2100 之间'),
  formats: z.array(z.enum(EXPORT_FORMATS)).min(1).max(3).optional(),
});
const JobParam = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, '任务编号无效') });
const FileParam = JobParam.extend({
  file: z.string().regex(/^[A-Za-z_\u4e00-\u9fff]+\.(csv|xlsx|parquet|md|json)$/, '文件名无效'),
});
const LogQuery = z.object({
  username: z.string().max(64).optional(),
  action: z.enum(['export', 'download', 'unmasked_view']).optional(),
  page: Page,
  page_size: PageSize,
});

const MEDIA: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  parquet: 'application/vnd.apache.parquet',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json',
};

export function auditRoutes() {
  const jobs = new AuditJobs();
  return [
    anyRoute(
      route<Record<string, never>, Record<string, never>, z.infer<typeof StartBody>>({
        method: 'post',
        path: '/audit/exports',
        summary: '生成专员办审计数据包 (异步任务: 先计数, 再写出, 完成后下载)',
        tag: 'audit',
        roles: AUDIT_ROLES,
        body: StartBody,
        response: 'AuditJob',
        handler: async ({ db, user, scope, body, res }): Promise<AuditJob> => {
          const region = await scope.region(body.region);
          if (jobs.running(user.username)) {
            throw new HttpError(409, 'AUDIT_JOB_RUNNING', '已有一个审计数据包正在生成, 请等它完成');
          }
          const { job } = jobs.start(db, { user, region, year: body.year, formats: body.formats });
          res.status(202);
          return job;
        },
      }),
    ),
    anyRoute(
      route({
        method: 'get',
        path: '/audit/exports',
        summary: '我的审计数据包任务',
        tag: 'audit',
        roles: AUDIT_ROLES,
        response: 'AuditJobsResponse',
        handler: async ({ user }): Promise<AuditJobsResponse> => ({ rows: jobs.list(user.username) }),
      }),
    ),
    anyRoute(
      route<z.infer<typeof JobParam>>({
        method: 'get',
        path: '/audit/exports/:id',
        summary: '审计数据包任务: 状态、计数、进度、文件',
        tag: 'audit',
        roles: AUDIT_ROLES,
        params: JobParam,
        response: 'AuditJob',
        handler: async ({ user, params }): Promise<AuditJob> => {
          const entry = jobs.get(params.id, user.username);
          if (!entry) throw notFoundError(`审计数据包任务 ${params.id} 不存在`);
          return entry.job;
        },
      }),
    ),
    anyRoute(
      route<z.infer<typeof FileParam>>({
        method: 'get',
        path: '/audit/exports/:id/files/:file',
        summary: '下载审计数据包的一个文件 (完成后)',
        tag: 'audit',
        roles: AUDIT_ROLES,
        params: FileParam,
        response: 'file',
        produces: Object.values(MEDIA),
        handler: async ({ db, user, params, res }): Promise<undefined> => {
          const entry = jobs.get(params.id, user.username);
          const path = jobs.file(params.id, user.username, params.file);
          if (!entry || !path) throw notFoundError(`文件 ${params.file} 不存在或数据包尚未完成`);
          const table = entry.job.tables.find((t) => params.file.startsWith(`${t.name}.`));
          await appendAccess(db, {
            username: user.username,
            role: user.role,
            channel: 'api',
            action: 'download',
            target: `GET /api/audit/exports/{id}/files/${params.file}`,
            region_code: entry.job.region_code,
            budget_year: entry.job.budget_year,
            row_count: table?.rows ?? 0,
            unmasked: true,
            detail: { job: entry.job.id, file: params.file },
          });
          res.setHeader('content-type', MEDIA[params.file.split('.').pop() ?? ''] ?? 'application/octet-stream');
          await new Promise<void>((resolve, reject) => {
            res.download(path, params.file, (err) => (err ? reject(err) : resolve()));
          });
          return undefined;
        },
      }),
    ),
    anyRoute(
      route<Record<string, never>, z.infer<typeof LogQuery>>({
        method: 'get',
        path: '/audit/access-log',
        summary: '访问日志: 每次导出和每次未脱敏查看 (本区划及下级)',
        tag: 'audit',
        roles: AUDIT_ROLES,
        query: LogQuery,
        response: 'AccessLogResponse',
        handler: async ({ db, scope, query }): Promise<AccessLogResponse> => {
          const { rows, total } = await listAccess(db, {
            within: scope.root,
            username: query.username,
            action: query.action,
            limit: query.page_size,
            offset: (query.page - 1) * query.page_size,
          });
          return { rows: rows as AccessLogRow[], total_rows: total };
        },
      }),
    ),
  ];
}
