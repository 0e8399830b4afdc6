/** Ingest's public face: load interchange files, write rejection reports. */
export { ingestFile, resolveEntityOrThrow, PROGRESS_MIN_BYTES } from './ingest.pipeline.ts';
export type { IngestOptions, IngestSummary } from './ingest.pipeline.ts';
export type { DocumentGuard, GuardRejection, RowGuard } from './store/indicators.writer.ts';
export { writeRejectReport, rejectReportPath } from './report/rejects.report.ts';
export { resolveEntity, ENTITY_CHOICES } from './entity-names.ts';
export { ENTITY_SPECS } from './entity.specs.ts';
export { ENTITY_NAMES } from './entity-spec.types.ts';
export type { EntityName, EntitySpec, ColumnSpec } from './entity-spec.types.ts';
export { ROW_ERRORS, FILE_ERRORS, fileMessage } from './errors.catalog.ts';
