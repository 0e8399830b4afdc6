/** The report and collection answers as the dashboard sees them (types only; built in report-templates/). */
export type {
  RenderedReport,
  ReportColumn,
  ReportRow,
  CellValue,
  HeaderCell,
} from '../../report-templates/report.types.ts';
export type { ReconcileLine } from '../../report-templates/ledger.reconcile.ts';
export type { TemplateVersion } from '../../report-templates/template.store.ts';
export type {
  TaskSummary,
  TaskDetail,
  TaskReport,
  AssignmentStatus,
  FilledCell,
} from '../../report-templates/collections/collection.types.ts';
export type { ReportAnswer } from './reports.routes.ts';
