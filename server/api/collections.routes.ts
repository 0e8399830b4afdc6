/**
 * 采集任务: issue a task to regions below (报表分析岗, 指标审核岗, 管理员), forward it further down, fill cells by
 * department (the region's own staff), hand in a department's part, review (the region that assigned it:
 * 通过 / 退回), the report of one region or its 汇总 with every region's status, Excel import and blank or filled
 * forms to download. Every region named goes through the user's scope; the task rules are in
 * report-templates/collections/collection.service.ts.
 */
import { z } from 'zod';
import { anyRoute, route } from './route.registry.ts';
import { RegionCode, Year } from './query.params.ts';
import type { Role } from './api.types.ts';
import { answerReport, ReportFormat, withTemplateIssues } from './reports.output.ts';
import { forbidden, HttpError, notFoundError } from '../http-errors.ts';
import type { RegionScope } from './region.scope.ts';
import type { Warehouse } from '../../warehouse/index.ts';
import { loadTemplate } from '../../report-templates/template.store.ts';
import { renderReport } from '../../report-templates/report.renderer.ts';
import {
  assignment,
  filledCells,
  forwardTask,
  issueTask,
  listTasks,
  loadTask,
  reviewTask,
  saveCells,
  submitPart,
  taskDetail,
} from '../../report-templates/collections/collection.service.ts';
import { readFilledXlsx } from '../../report-templates/collections/form-import.reader.ts';
import type { FilledCell, TaskReport } from '../../report-templates/collections/collection.types.ts';
import type { CellValue } from '../../report-templates/report.types.ts';

const ISSUE_ROLES: readonly Role[] = ['analyst', 'review', 'admin'];
const FILL_ROLES: readonly Role[] = ['entry', 'review', 'analyst', 'admin'];
const REVIEW_ROLES: readonly Role[] = ['review', 'analyst', 'admin'];

const TaskParam = z.object({ id: z.coerce.number().int().min(1) });
const Department = z.string().min(1).max(40);
const Regions = z.array(RegionCode).min(1, '至少一个区划').max(500);

const IssueBody = z.object({
  title: z.string().min(1).max(200),
  template: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/),
  version: z.number().int().min(1).optional(),
  year: Year,
  regions: Regions,
  due_date: z.iso.date().optional(),
});
const CellsBody = z.object({
  department: Department,
  cells: z
    .array(
      z.object({
        row_key: z.string().min(1).max(100),
        column_key: z.string().min(1).max(40),
        value: z.union([z.number().finite(), z.string().max(500), z.null()]),
      }),
    )
    .max(5000),
});
const ReviewBody = z.object({
  region: RegionCode,
  decision: z.enum(['通过', '退回']),
  comment: z.string().max(1000).optional(),
});
const ReportQuery = z.object({
  region: RegionCode.optional(),
  aggregate: z.enum(['true', 'false']).default('true'),
  blank: z.enum(['true', 'false']).default('false'),
  format: ReportFormat,
});

/** The task if the user's region issued it or it reached a region in the user's scope; 404 otherwise. */
async function visibleTask(db: Warehouse, scope: RegionScope, id: number) {
  const task = await loadTask(db, id).catch(() => undefined);
  if (!task) throw notFoundError(`采集任务 ${id} 不存在`);
  const mine =
    (await scope.contains(task.task.issuer_region)) ||
    (await db.value<number>(
      `select count(*) from reports.task_assignments where task_id = $1
         and region_code in (select code from marts.region_closure where ancestor_code = $2)`,
      [id, scope.root],
    )) > 0;
  if (!mine) throw notFoundError(`采集任务 ${id} 不存在`);
  return task;
}

const toFills = (cells: FilledCell[]): Map<string, Map<string, CellValue>> => {
  const fills = new Map<string, Map<string, CellValue>>();
  for (const c of cells) {
    const row = fills.get(c.row_key) ?? new Map<string, CellValue>();
    const prev = row.get(c.column_key);
    row.set(c.column_key, typeof prev === 'number' && typeof c.value === 'number' ? prev + c.value : c.value);
    fills.set(c.row_key, row);
  }
  return fills;
};

async function taskReport(
  db: Warehouse,
  scope: RegionScope,
  id: number,
  regionCode: string | undefined,
  aggregate: boolean,
  blank: boolean,
): Promise<TaskReport> {
  const { task, checked } = await visibleTask(db, scope, id);
  const region = await scope.region(regionCode);
  const own = await assignment(db, id, region.code);
  const cells = blank ? [] : await filledCells(db, id, region.code, aggregate);
  const report = await renderReport(
    db,
    checked,
    { region, year: task.budget_year },
    { fills: toFills(cells), prefill: !blank, version: task.template_version },
  );
  return { task_id: id, region_code: region.code, status: own?.status ?? null, aggregated: aggregate, report };
}

const detailKeys = async (db: Warehouse, scope: RegionScope, id: number): Promise<Set<string>> => {
  const r = await taskReport(db, scope, id, undefined, false, true);
  return new Set(r.report.rows.filter((row) => row.kind === 'detail').map((row) => row.key));
};

export const collectionRoutes = [
  anyRoute(
    route({
      method: 'get',
      path: '/collections',
      summary: '采集任务: 本区划下发、收到或下级收到的任务',
      tag: 'collections',
      response: 'TaskSummary[]',
      handler: async ({ db, scope }) => ({ rows: await listTasks(db, scope.root) }),
    }),
  ),
  anyRoute(
    route<Record<string, never>, Record<string, never>, z.infer<typeof IssueBody>>({
      method: 'post',
      path: '/collections',
      summary: '下发采集任务 (向下级区划)',
      tag: 'collections',
      roles: ISSUE_ROLES,
      body: IssueBody,
      response: 'TaskDetail',
      handler: async ({ db, scope, body, user }) => {
        for (const code of body.regions) await scope.region(code);
        const t = await withTemplateIssues(() => loadTemplate(db, body.template, body.version));
        const id = await issueTask(
          db,
          {
            title: body.title,
            template_id: body.template,
            template_version: t.version,
            template_body: t.text,
            year: body.year,
            issuer_region: scope.root,
            regions: body.regions,
            due_date: body.due_date,
          },
          user.username,
        );
        return taskDetail(db, id, scope.root);
      },
    }),
  ),
  anyRoute(
    route<z.infer<typeof TaskParam>>({
      method: 'get',
      path: '/collections/:id',
      summary: '一个采集任务: 各区划状态、填报部门、处理记录',
      tag: 'collections',
      params: TaskParam,
      response: 'TaskDetail',
      handler: async ({ db, scope, params }) => {
        await visibleTask(db, scope, params.id);
        return taskDetail(db, params.id, scope.root);
      },
    }),
  ),
  anyRoute(
    route<z.infer<typeof TaskParam>, z.infer<typeof ReportQuery>>({
      method: 'get',
      path: '/collections/:id/report',
      summary: '采集任务的报表: 本区划或汇总 (含已通过的下级), 空表或已填表 (JSON / XLSX / CSV)',
      tag: 'collections',
      params: TaskParam,
      query: ReportQuery,
      response: 'TaskReport',
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
      handler: async ({ db, scope, params, query, res }) => {
        const r = await taskReport(
          db,
          scope,
          params.id,
          query.region,
          query.aggregate === 'true',
          query.blank === 'true',
        );
        if (query.format !== 'json') return answerReport(res, r.report, query.format);
        return r;
      },
    }),
  ),
  anyRoute(
    route<z.infer<typeof TaskParam>, Record<string, never>, { regions: string[] }>({
      method: 'post',
      path: '/collections/:id/forward',
      summary: '转发采集任务给下级区划',
      tag: 'collections',
      roles: ISSUE_ROLES,
      params: TaskParam,
      body: z.object({ regions: Regions }),
      response: 'TaskDetail',
      handler: async ({ db, scope, params, body, user }) => {
        await visibleTask(db, scope, params.id);
        for (const code of body.regions) await scope.region(code);
        await forwardTask(db, params.id, scope.root, body.regions, user.username);
        return taskDetail(db, params.id, scope.root);
      },
    }),
  ),
  anyRoute(
    route<z.infer<typeof TaskParam>, Record<string, never>, z.infer<typeof CellsBody>>({
      method: 'post',
      path: '/collections/:id/cells',
      summary: '填报本区划报表中本部门的单元格',
      tag: 'collections',
      roles: FILL_ROLES,
      params: TaskParam,
      body: CellsBody,
      response: '{ saved: number }',
      handler: async ({ db, scope, params, body, user }) => {
        const keys = await detailKeys(db, scope, params.id);
        const saved = await saveCells(db, params.id, scope.root, body.department, body.cells, keys, user.username);
        return { saved };
      },
    }),
  ),
  anyRoute(
    route<z.infer<typeof TaskParam>, Record<string, never>, { department: string; file_base64: string }>({
      method: 'post',
      path: '/collections/:id/import',
      summary: '从 Excel 导入已填报表 (按表头匹配列, 按行名匹配行)',
      tag: 'collections',
      roles: FILL_ROLES,
      params: TaskParam,
      body: z.object({ department: Department, file_base64: z.string().min(1).max(12_000_000) }),
      response: '{ saved: number }',
      handler: async ({ db, scope, params, body, user }) => {
        const form = await taskReport(db, scope, params.id, undefined, false, true);
        const cells = (await readFilledXlsx(Buffer.from(body.file_base64, 'base64'), form.report)).filter((c) => {
          const col = form.report.columns.find((x) => x.key === c.column_key);
          return (col?.department ?? '本单位') === body.department;
        });
        const keys = new Set(form.report.rows.filter((r) => r.kind === 'detail').map((r) => r.key));
        const saved = await saveCells(db, params.id, scope.root, body.department, cells, keys, user.username);
        return { saved };
      },
    }),
  ),
  anyRoute(
    route<z.infer<typeof TaskParam>, Record<string, never>, { department: string }>({
      method: 'post',
      path: '/collections/:id/submit',
      summary: '提交本部门的填报部分 (各部门都提交后报表合并提交)',
      tag: 'collections',
      roles: FILL_ROLES,
      params: TaskParam,
      body: z.object({ department: Department }),
      response: '{ status: string }',
      handler: async ({ db, scope, params, body, user }) => {
        await visibleTask(db, scope, params.id);
        return { status: await submitPart(db, params.id, scope.root, body.department, user.username) };
      },
    }),
  ),
  anyRoute(
    route<z.infer<typeof TaskParam>, Record<string, never>, z.infer<typeof ReviewBody>>({
      method: 'post',
      path: '/collections/:id/review',
      summary: '审核下级报表: 通过或退回 (由分配任务的区划审核)',
      tag: 'collections',
      roles: REVIEW_ROLES,
      params: TaskParam,
      body: ReviewBody,
      response: '{ status: string }',
      handler: async ({ db, scope, params, body, user }) => {
        await visibleTask(db, scope, params.id);
        const region = await scope.region(body.region);
        if (region.code === scope.root) throw forbidden('不能审核本区划自己的报表');
        const status = await reviewTask(
          db,
          params.id,
          region.code,
          scope.root,
          body.decision,
          body.comment ?? null,
          user.username,
        ).catch((e: unknown) => {
          if (e instanceof Error && 'code' in e && (e as { code: string }).code === 'TASK_NOT_REVIEWER') {
            throw new HttpError(403, 'TASK_NOT_REVIEWER', e.message);
          }
          throw e;
        });
        return { status };
      },
    }),
  ),
];
