/** Collection tasks (采集任务) as the API shows them. */
import type { CellValue, RenderedReport } from '../report.types.ts';

export const TASK_STATUSES = ['待填报', '填报中', '已提交', '已退回', '已通过'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export type TaskSummary = {
  task_id: number;
  title: string;
  template_id: string;
  template_version: number | null;
  budget_year: number;
  issuer_region: string;
  issued_by: string;
  issued_at: string;
  due_date: string | null;
};

export type AssignmentStatus = {
  region_code: string;
  region_name: string;
  assigned_by_region: string;
  status: TaskStatus;
  forwarded: boolean;
  /** departments that have handed in their part */
  departments_done: string[];
  updated_at: string;
};

export type TaskStep = {
  step_id: number;
  region_code: string;
  action: string;
  actor: string;
  department: string | null;
  comment: string | null;
  at: string;
};

export type FilledCell = {
  row_key: string;
  column_key: string;
  value: CellValue;
};

export type TaskDetail = {
  task: TaskSummary;
  /** every region the task reached within the viewer's scope, with its status */
  assignments: AssignmentStatus[];
  /** the departments of the template's 填报 columns */
  departments: string[];
  steps: TaskStep[];
};

export type TaskReport = {
  task_id: number;
  region_code: string;
  status: TaskStatus | null;
  /** own cells only, or the own cells plus every approved region below (汇总) */
  aggregated: boolean;
  report: RenderedReport;
};
