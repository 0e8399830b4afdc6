export { EXPORT_MARTS, exportKind, exportQuery, exportFileName } from './export.service.ts';
export type { ExportOptions, ExportResult } from './export.service.ts';
export { EXPORT_KINDS, EXPORT_FORMATS, EXPORT_COLUMNS, LATER_KINDS, isExportKind } from './export.kinds.ts';
export type { ExportKind, ExportFormat, ExportColumn } from './export.kinds.ts';
export type { ExportScope } from './export-scope.ts';
export { exportRequestSchema, parseExportRequest } from './export.options.ts';
export type { ExportRequest } from './export.options.ts';
