/**
 * Collection tasks (采集任务) for figures the ledger does not hold. A region issues a task (one template) to
 * regions below it; a region that received it may forward it further down (转发); each region's departments
 * fill their columns (cells of one report, merged by construction: one cell table, one owner per column) and
 * hand in their part; when every department has, the region's report is 已提交; the region that assigned it
 * reviews: 通过, or 退回 with a comment (the departments hand in again). A region above sees its own cells plus
 * those of every approved region below it (汇总), with every region's status.
 *
 * The caller (server/api) has already put every region through the user's scope; this module checks the
 * task's own rules: who assigned whom, which state allows what, which department owns which column.
 */
import { UserError, type Warehouse } from '../../warehouse/index.ts';
import { parseTemplateText, type CheckedTemplate } from '../template.checker.ts';
import { isFillColumn, type FillColumn } from '../template.schema.ts';
import type {
  AssignmentStatus,
  FilledCell,
  TaskDetail,
  TaskStatus,
  TaskStep,
  TaskSummary,
} from './collection.types.ts';

export const OWN_DEPARTMENT = '本单位';

const refuse = (code: string, message: string): UserError => new UserError(`TASK_${code}`, message);

export function fillColumns(checked: CheckedTemplate): FillColumn[] {
  return checked.template.columns.filter(isFillColumn);
}

export function departmentsOf(checked: CheckedTemplate): string[] {
  const names = new Set(fillColumns(checked).map((c) => c.fill.department ?? OWN_DEPARTMENT));
  return names.size === 0 ? [OWN_DEPARTMENT] : [...names];
}

async function step(
  db: Warehouse,
  task: number,
  region: string,
  action: string,
  actor: string,
  extra: { department?: string | null; comment?: string | null } = {},
): Promise<void> {
  await db.run(
    `insert into reports.task_steps values (nextval('reports.step_id_seq'), $1, $2, $3, $4, $5, $6, now()::timestamp)`,
    [task, region, action, actor, extra.department ?? null, extra.comment ?? null],
  );
}

async function strictlyBelow(db: Warehouse, ancestor: string, codes: readonly string[]): Promise<string[]> {
  const rows = await db.all<{ code: string }>(
    `select code from marts.region_closure where ancestor_code = $1 and depth > 0 and code in (select unnest(string_split($2, ',')))`,
    [ancestor, codes.join(',')],
  );
  const ok = new Set(rows.map((r) => r.code));
  return codes.filter((c) => !ok.has(c));
}

export async function loadTask(
  db: Warehouse,
  taskId: number,
): Promise<{ task: TaskSummary; checked: CheckedTemplate }> {
  const row = await db.one<TaskSummary & { template_body: string }>(
    `select task_id, title, template_id, template_version, budget_year, issuer_region, issued_by,
       strftime(issued_at, '%Y-%m-%d %H:%M:%S') as issued_at, cast(due_date as varchar) as due_date, template_body
     from reports.collection_tasks where task_id = $1`,
    [taskId],
  );
  if (!row) throw refuse('NOT_FOUND', `采集任务 ${taskId} 不存在`);
  const { template_body, ...task } = row;
  return { task, checked: parseTemplateText(template_body) };
}

export async function assignment(db: Warehouse, taskId: number, region: string): Promise<AssignmentStatus | undefined> {
  return (await assignments(db, taskId, region, true))[0];
}

/** The task's assignments in the subtree of `region` (or exactly `region`). */
export async function assignments(
  db: Warehouse,
  taskId: number,
  region: string,
  exact = false,
): Promise<AssignmentStatus[]> {
  const rows = await db.all<Omit<AssignmentStatus, 'departments_done'> & { departments_done: string | null }>(
    `select a.region_code, r.name as region_name, a.assigned_by_region, a.status, a.forwarded,
       strftime(a.updated_at, '%Y-%m-%d %H:%M:%S') as updated_at,
       (select string_agg(p.department, ',' order by p.department) from reports.task_parts p
         where p.task_id = a.task_id and p.region_code = a.region_code and p.done) as departments_done
     from reports.task_assignments a
     join marts.regions r on r.code = a.region_code
     where a.task_id = $1 and ${exact ? 'a.region_code = $2' : 'a.region_code in (select code from marts.region_closure where ancestor_code = $2)'}
     order by a.region_code`,
    [taskId, region],
  );
  return rows.map((r) => ({ ...r, departments_done: r.departments_done ? r.departments_done.split(',') : [] }));
}

async function assign(db: Warehouse, taskId: number, by: string, regions: readonly string[]): Promise<void> {
  for (const code of regions) {
    await db.run(
      `insert into reports.task_assignments values ($1, $2, $3, '待填报', false, now()::timestamp)
       on conflict do nothing`,
      [taskId, code, by],
    );
  }
}

export interface IssueInput {
  title: string;
  template_id: string;
  template_version: number | null;
  template_body: string;
  year: number;
  issuer_region: string;
  regions: string[];
  due_date?: string | undefined;
}

/** 下发: a task from the issuer's region to regions below it. */
export async function issueTask(db: Warehouse, input: IssueInput, actor: string): Promise<number> {
  parseTemplateText(input.template_body);
  const outside = await strictlyBelow(db, input.issuer_region, input.regions);
  if (outside.length > 0)
    throw refuse('NOT_BELOW', `只能向下级区划下发: ${outside.join(', ')} 不在 ${input.issuer_region} 之下`);
  const id = await db.value<number>(`select nextval('reports.task_id_seq')::bigint`);
  await db.run(
    `insert into reports.collection_tasks values ($1, $2, $3, $4, $5, $6, $7, $8, now()::timestamp, $9::date)`,
    [
      id,
      input.title,
      input.template_id,
      input.template_version,
      input.template_body,
      input.year,
      input.issuer_region,
      actor,
      input.due_date ?? null,
    ],
  );
  await assign(db, id, input.issuer_region, input.regions);
  await step(db, id, input.issuer_region, '下发', actor, { comment: `下发至 ${input.regions.join('、')}` });
  return id;
}

/** 转发: a region that received the task passes it to regions below it. */
export async function forwardTask(
  db: Warehouse,
  taskId: number,
  from: string,
  regions: string[],
  actor: string,
): Promise<void> {
  const own = await assignment(db, taskId, from);
  if (!own) throw refuse('NOT_ASSIGNED', `区划 ${from} 没有收到此采集任务, 不能转发`);
  if (own.status === '已提交' || own.status === '已通过')
    throw refuse('STATE', `区划 ${from} 已${own.status.slice(1)}, 不能再转发`);
  const outside = await strictlyBelow(db, from, regions);
  if (outside.length > 0) throw refuse('NOT_BELOW', `只能转发给下级区划: ${outside.join(', ')} 不在 ${from} 之下`);
  await assign(db, taskId, from, regions);
  await db.run(
    `update reports.task_assignments set forwarded = true, updated_at = now()::timestamp where task_id = $1 and region_code = $2`,
    [taskId, from],
  );
  await step(db, taskId, from, '转发', actor, { comment: `转发至 ${regions.join('、')}` });
}

const FILLABLE: readonly TaskStatus[] = ['待填报', '填报中', '已退回'];

/** 填报: a department writes cells of its columns into its region's report. */
export async function saveCells(
  db: Warehouse,
  taskId: number,
  region: string,
  department: string,
  cells: readonly FilledCell[],
  rowKeys: ReadonlySet<string>,
  actor: string,
): Promise<number> {
  const { checked } = await loadTask(db, taskId);
  const own = await assignment(db, taskId, region);
  if (!own) throw refuse('NOT_ASSIGNED', `区划 ${region} 没有收到此采集任务`);
  if (!FILLABLE.includes(own.status)) throw refuse('STATE', `报表${own.status}, 不能再填报`);
  const columns = new Map(fillColumns(checked).map((c) => [c.key, c]));
  const problems: string[] = [];
  for (const cell of cells) {
    const column = columns.get(cell.column_key);
    if (!column) problems.push(`${cell.column_key} 不是填报列`);
    else if ((column.fill.department ?? OWN_DEPARTMENT) !== department) {
      problems.push(`${cell.column_key} 由${column.fill.department ?? OWN_DEPARTMENT}填报, 不是${department}`);
    } else if (!rowKeys.has(cell.row_key)) problems.push(`行 ${cell.row_key} 不在报表中`);
    else if (cell.value !== null && column.fill.format !== 'text' && typeof cell.value !== 'number') {
      problems.push(`${cell.column_key} 应填数字`);
    }
  }
  if (problems.length > 0) throw refuse('CELLS', `填报有误: ${problems.join('; ')}`);
  for (const cell of cells) {
    await db.run(
      `insert or replace into reports.task_cells values ($1, $2, $3, $4, $5, $6, $7, $8, now()::timestamp)`,
      [
        taskId,
        region,
        cell.row_key,
        cell.column_key,
        department,
        typeof cell.value === 'number' ? cell.value : null,
        typeof cell.value === 'string' ? cell.value : null,
        actor,
      ],
    );
  }
  await db.run(
    `update reports.task_assignments set status = '填报中', updated_at = now()::timestamp
     where task_id = $1 and region_code = $2 and status = '待填报'`,
    [taskId, region],
  );
  await step(db, taskId, region, '填报', actor, { department, comment: `${cells.length} 个单元格` });
  return cells.length;
}

/** 部门提交: a department hands in its part; the last one submits the region's report (已提交). */
export async function submitPart(
  db: Warehouse,
  taskId: number,
  region: string,
  department: string,
  actor: string,
): Promise<TaskStatus> {
  const { checked } = await loadTask(db, taskId);
  const own = await assignment(db, taskId, region);
  if (!own) throw refuse('NOT_ASSIGNED', `区划 ${region} 没有收到此采集任务`);
  if (!FILLABLE.includes(own.status)) throw refuse('STATE', `报表${own.status}, 不能再提交`);
  const departments = departmentsOf(checked);
  if (!departments.includes(department))
    throw refuse('DEPARTMENT', `此报表没有${department}的填报部分 (部门: ${departments.join('、')})`);
  const below = (await assignments(db, taskId, region)).filter((a) => a.assigned_by_region === region);
  const open = below.filter((a) => a.status !== '已通过');
  if (open.length > 0) {
    throw refuse('BELOW_OPEN', `下级尚未全部审核通过: ${open.map((a) => `${a.region_name}(${a.status})`).join('、')}`);
  }
  await db.run(`insert or replace into reports.task_parts values ($1, $2, $3, true, $4, now()::timestamp)`, [
    taskId,
    region,
    department,
    actor,
  ]);
  await step(db, taskId, region, '部门提交', actor, { department });
  const done = new Set((await assignment(db, taskId, region))!.departments_done);
  if (!departments.every((d) => done.has(d))) return own.status === '待填报' ? '填报中' : own.status;
  await db.run(
    `update reports.task_assignments set status = '已提交', updated_at = now()::timestamp where task_id = $1 and region_code = $2`,
    [taskId, region],
  );
  await step(db, taskId, region, '提交', actor, { comment: '各部门均已提交, 报表合并提交' });
  return '已提交';
}

/** 审核: the region that assigned the task approves a submitted report or sends it back with a reason. */
export async function reviewTask(
  db: Warehouse,
  taskId: number,
  region: string,
  reviewer: string,
  decision: '通过' | '退回',
  comment: string | null,
  actor: string,
): Promise<TaskStatus> {
  const own = await assignment(db, taskId, region);
  if (!own) throw refuse('NOT_ASSIGNED', `区划 ${region} 没有收到此采集任务`);
  if (own.assigned_by_region !== reviewer) {
    throw refuse('NOT_REVIEWER', `${region} 的报表由 ${own.assigned_by_region} 审核, 不是 ${reviewer}`);
  }
  if (own.status !== '已提交') throw refuse('STATE', `报表${own.status}, 只有已提交的报表可以审核`);
  if (decision === '退回' && !comment) throw refuse('COMMENT', '退回须说明理由');
  const status: TaskStatus = decision === '通过' ? '已通过' : '已退回';
  await db.run(
    `update reports.task_assignments set status = $3, updated_at = now()::timestamp where task_id = $1 and region_code = $2`,
    [taskId, region, status],
  );
  if (decision === '退回') {
    await db.run(`update reports.task_parts set done = false where task_id = $1 and region_code = $2`, [
      taskId,
      region,
    ]);
  }
  await step(db, taskId, region, decision, actor, { comment });
  return status;
}

/** The filled cells of `region`, or of `region` and every approved region below it (汇总). */
export async function filledCells(
  db: Warehouse,
  taskId: number,
  region: string,
  aggregate: boolean,
): Promise<FilledCell[]> {
  const rows = await db.all<{
    row_key: string;
    column_key: string;
    num_value: number | null;
    text_value: string | null;
  }>(
    aggregate
      ? `select c.row_key, c.column_key, c.num_value, c.text_value from reports.task_cells c
         join reports.task_assignments a on a.task_id = c.task_id and a.region_code = c.region_code
         where c.task_id = $1 and (c.region_code = $2 or (a.status = '已通过'
           and c.region_code in (select code from marts.region_closure where ancestor_code = $2)))`
      : `select row_key, column_key, num_value, text_value from reports.task_cells where task_id = $1 and region_code = $2`,
    [taskId, region],
  );
  return rows.map((r) => ({ row_key: r.row_key, column_key: r.column_key, value: r.num_value ?? r.text_value }));
}

export async function taskSteps(db: Warehouse, taskId: number, region: string): Promise<TaskStep[]> {
  return db.all<TaskStep>(
    `select step_id, region_code, action, actor, department, comment, strftime(step_at, '%Y-%m-%d %H:%M:%S') as at
     from reports.task_steps where task_id = $1
       and (region_code in (select code from marts.region_closure where ancestor_code = $2))
     order by step_id`,
    [taskId, region],
  );
}

export async function taskDetail(db: Warehouse, taskId: number, viewer: string): Promise<TaskDetail> {
  const { task, checked } = await loadTask(db, taskId);
  return {
    task,
    assignments: await assignments(db, taskId, viewer),
    departments: departmentsOf(checked),
    steps: await taskSteps(db, taskId, viewer),
  };
}

/** Tasks the viewer's region issued or received, or that reached a region below it. */
export async function listTasks(db: Warehouse, viewer: string): Promise<TaskSummary[]> {
  return db.all<TaskSummary>(
    `select task_id, title, template_id, template_version, budget_year, issuer_region, issued_by,
       strftime(issued_at, '%Y-%m-%d %H:%M:%S') as issued_at, cast(due_date as varchar) as due_date
     from reports.collection_tasks t
     where issuer_region in (select code from marts.region_closure where ancestor_code = $1)
        or exists (select 1 from reports.task_assignments a where a.task_id = t.task_id and a.region_code in
             (select code from marts.region_closure where ancestor_code = $1))
        or exists (select 1 from reports.task_assignments a where a.task_id = t.task_id and a.region_code = $1)
     order by task_id desc`,
    [viewer],
  );
}
