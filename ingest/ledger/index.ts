/** The 指标账 (ledger.md): the engine, year-end carry-over, verification, tracing. */
export { postStagedDocuments } from './ledger.engine.ts';
export type { DocumentRejection, PostOptions, PostResult } from './ledger.engine.ts';
export { createDocumentStage, DOCUMENT_STAGE_COLUMNS } from './document-stage.ts';
export { carryOverYear } from './year-end.carry-over.ts';
export type { CarryOverOptions } from './year-end.carry-over.ts';
export { verifyLedger, formatVerifyReport } from './ledger.verify.ts';
export type { VerifyCheck, VerifyResult } from './ledger.verify.ts';
export { traceOrigins, consolidatedSources, documentPath } from './trace.queries.ts';
export type { ConsolidatedSources, DocumentPathStep, OriginRow, OriginScope } from './trace.queries.ts';
export {
  POSTING_CANONICAL_SQL,
  POSTING_CANONICAL_FIELDS,
  DOCUMENT_CANONICAL_SQL,
  GENESIS_HASH,
  chainHash,
} from './canonical.content.ts';
export { checkChain } from './hash.chain.ts';
export type { ChainCheck } from './hash.chain.ts';
export { LEDGER_CODES } from './ledger.codes.ts';
export type { LedgerCode } from './ledger.codes.ts';
