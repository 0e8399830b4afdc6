/**
 * Monitoring (监控探针): the rule files of models/rules/, the engine that runs them and records alerts, alert
 * handling, and the in-flow checks of registration. The server's entry points are re-exported here.
 */
export { runChecks, ruleModelRefs } from './check.service.ts';
export type { CheckOptions, CheckResult, RuleOutcome } from './check.service.ts';
export { loadRules, selectRules, RULES_DIR, CATALOGUE_CODES } from './rule.catalog.ts';
export { parseRuleFile, LEVELS, LEVEL_NAMES, SUBJECT_TYPES } from './rule-file.schema.ts';
export type { AlertLevel, SubjectType, RuleDefinition, RuleThreshold, InFlowKind } from './rule-file.schema.ts';
export {
  listAlerts,
  getAlert,
  getAttachment,
  openAlertCounts,
  AlertListQuerySchema,
  ALERT_STATUSES,
  OPEN_STATUSES,
} from './alert.repository.ts';
export type {
  Alert,
  AlertDetail,
  AlertEvent,
  AlertListQuery,
  AlertPage,
  AlertStatus,
  AttachmentFile,
  AttachmentInfo,
  LevelCount,
} from './alert.repository.ts';
export { transitionAlert, TransitionSchema, ALERT_ACTIONS, ACTION_NAMES, TRANSITIONS } from './alert.workflow.ts';
export type { AlertAction, AttachmentInput, TransitionInput } from './alert.workflow.ts';
export {
  checkDocumentInFlow,
  checkPaymentInFlow,
  guardStagedDocuments,
  guardStagedPayments,
  prepareInFlow,
} from './in-flow.check.ts';
export type { CandidateDocument, CandidatePayment, InFlowReason, StagedRejection } from './in-flow.check.ts';
export { readThresholdOverrides, writeThresholdValues } from './thresholds.config.ts';
export type { ThresholdOverride } from './thresholds.config.ts';
export { resolveAsOf } from './as-of.ts';
