/**
 * In-flow (事中) checks: the red rules that guard a document or a payment (header `in_flow: document | payment`)
 * run while it is being registered, and a finding stops it with its reason. Each such rule has a second select
 * (after `-- @in_flow`) over the candidates, a temp relation `candidate_documents` (the columns of the ledger's
 * document stage) or `candidate_payments` (the columns of raw.payments), and the staging views (always as fresh
 * as the raw tables). It returns subject_id (the candidate's doc_id / payment_id) and detail.
 *
 * - `checkDocumentInFlow(wh, doc)` / `checkPaymentInFlow(wh, payment)`: one candidate (the server's
 *   registration), the reasons that stop it (empty: it may be registered).
 * - `guardStagedDocuments(wh, stageTable)`: a whole stage of the batch ingest, the reasons per row (the
 *   ingest passes it as its document guard and rejects those rows with code E_RULE_<CODE>).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sqlIdent, UserError, type SqlValue, type Warehouse } from '../../warehouse/index.ts';
import { buildModels } from '../runner/build.service.ts';
import { relationKind } from '../runner/relation.kind.ts';
import { loadRules, RULES_DIR } from './rule.catalog.ts';
import type { InFlowKind, RuleDefinition } from './rule-file.schema.ts';
import { findRelationRefs, isModelSchema } from '../runner/sql.refs.ts';
import { readThresholdOverrides, writeThresholdValues } from './thresholds.config.ts';

export interface InFlowReason {
  rule_code: string;
  title: string;
  /** stable: E_RULE_<rule code> */
  code: string;
  /** the candidate's doc_id / payment_id */
  subject_id: string;
  /** Chinese: the rule and why */
  message: string;
}

/** A document as it is registered: the interchange columns (amount in 分). */
export interface CandidateDocument {
  doc_id: string;
  txn_code: string;
  region_code: string;
  budget_year: number;
  doc_date: string;
  amount: number;
  doc_no?: string | null;
  sup_doc_no?: string | null;
  source_doc_id?: string | null;
  corrects_doc_id?: string | null;
  fund_code?: string | null;
  project_code?: string | null;
  project_name?: string | null;
  func_subject?: string | null;
  econ_subject?: string | null;
  target_region_code?: string | null;
  advance?: boolean;
  for_poor?: boolean;
  direct?: boolean;
  summary?: string | null;
}

/** A payment as it is registered (amounts in 分, pay_month YYYY-MM). */
export interface CandidatePayment {
  payment_id: string;
  doc_id: string | null;
  person_id: string;
  pay_month: string;
  payable: number;
  paid: number;
  doc_no?: string | null;
  sup_doc_no?: string | null;
  project_code?: string | null;
  name?: string | null;
  village_code?: string | null;
  account_no?: string | null;
  bank?: string | null;
  unit?: string | null;
}

const DOCUMENT_COLUMNS: [keyof CandidateDocument, string][] = [
  ['doc_id', 'varchar'],
  ['txn_code', 'varchar'],
  ['region_code', 'varchar'],
  ['budget_year', 'integer'],
  ['doc_date', 'date'],
  ['doc_no', 'varchar'],
  ['sup_doc_no', 'varchar'],
  ['source_doc_id', 'varchar'],
  ['corrects_doc_id', 'varchar'],
  ['fund_code', 'varchar'],
  ['project_code', 'varchar'],
  ['project_name', 'varchar'],
  ['func_subject', 'varchar'],
  ['econ_subject', 'varchar'],
  ['target_region_code', 'varchar'],
  ['amount', 'bigint'],
  ['advance', 'boolean'],
  ['for_poor', 'boolean'],
  ['direct', 'boolean'],
  ['summary', 'varchar'],
];

const PAYMENT_COLUMNS: [keyof CandidatePayment, string][] = [
  ['payment_id', 'varchar'],
  ['doc_id', 'varchar'],
  ['doc_no', 'varchar'],
  ['sup_doc_no', 'varchar'],
  ['project_code', 'varchar'],
  ['person_id', 'varchar'],
  ['name', 'varchar'],
  ['village_code', 'varchar'],
  ['pay_month', 'varchar'],
  ['payable', 'bigint'],
  ['paid', 'bigint'],
  ['account_no', 'varchar'],
  ['bank', 'varchar'],
  ['unit', 'varchar'],
];

const CANDIDATE: Record<InFlowKind, string> = { document: 'candidate_documents', payment: 'candidate_payments' };

/** One in-flow check at a time per process: the candidate relations are session temp objects of fixed names. */
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

const prepared = new WeakSet<Warehouse>();

/**
 * The kind's in-flow rules, read once per state of the rules folder (its files' names and modification times):
 * parsing 30 rule files took longer than running the rules of one candidate.
 */
const ruleCache = new Map<string, { signature: string; rules: RuleDefinition[] }>();

function inFlowRules(kind: InFlowKind, rulesDir: string): RuleDefinition[] {
  const signature = readdirSync(rulesDir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => `${f}:${statSync(join(rulesDir, f)).mtimeMs}`)
    .join('|');
  const key = `${rulesDir}\u0000${kind}`;
  const cached = ruleCache.get(key);
  if (cached?.signature === signature) return cached.rules;
  const rules = loadRules(rulesDir).filter((r) => r.inFlow === kind && r.inFlowSql);
  ruleCache.set(key, { signature, rules });
  return rules;
}

/**
 * Makes the in-flow rules runnable: their thresholds resolved (when no check has written them yet) and the
 * staging views they read built. Called by the checks themselves; the CLI calls it before a batch ingest so
 * that nothing is built inside the load's transaction.
 */
export async function prepareInFlow(wh: Warehouse, rulesDir: string = RULES_DIR): Promise<void> {
  if (prepared.has(wh)) return;
  const rules = loadRules(rulesDir).filter((r) => r.inFlow !== null);
  const refs = new Set(
    rules.flatMap((r) => findRelationRefs(r.inFlowSql ?? '')).filter((ref) => isModelSchema(ref.split('.')[0] ?? '')),
  );
  const missing: string[] = [];
  for (const ref of refs) if ((await relationKind(wh, ref)) === null) missing.push(ref);
  if (missing.length) {
    const build = await buildModels(wh, { select: missing.map((m) => `+${m}`), unitTests: false });
    if (!build.ok) throw new UserError('IN_FLOW_BUILD_FAILED', `事中检查所需的模型构建未通过: ${missing.join(', ')}`);
  }
  const withThresholds = rules.filter((r) => r.thresholds.length > 0);
  const present = await wh.value<number>(
    `select count(distinct rule_code) from meta.rule_threshold_values where region_code = '*' and rule_code in (${withThresholds.map((_, i) => `$${i + 1}`).join(', ') || "''"})`,
    withThresholds.map((r) => r.code),
  );
  if (present < withThresholds.length) {
    await writeThresholdValues(wh, withThresholds, readThresholdOverrides(rulesDir, loadRules(rulesDir)));
  }
  prepared.add(wh);
}

/** Runs the kind's in-flow rules; a document rule whose 交易令 none of the candidates has is skipped. */
async function runInFlow(
  wh: Warehouse,
  kind: InFlowKind,
  rulesDir: string,
  txnCodes?: ReadonlySet<string>,
): Promise<InFlowReason[]> {
  const reasons: InFlowReason[] = [];
  for (const rule of inFlowRules(kind, rulesDir)) {
    if (txnCodes && rule.inFlowTxnCodes && !rule.inFlowTxnCodes.some((t) => txnCodes.has(t))) continue;
    const rows = await wh.all<{ subject_id: string; detail: string }>(
      `select cast(subject_id as varchar) as subject_id, cast(detail as varchar) as detail from (${rule.inFlowSql}) as r`,
    );
    for (const r of rows) {
      reasons.push({
        rule_code: rule.code,
        title: rule.title,
        code: `E_RULE_${rule.code}`,
        subject_id: r.subject_id,
        message: `${rule.code} ${rule.title}: ${r.detail}`,
      });
    }
  }
  return reasons;
}

async function withCandidates<T>(
  wh: Warehouse,
  kind: InFlowKind,
  columns: readonly [string, string][],
  rows: readonly Record<string, unknown>[],
  fn: () => Promise<T>,
): Promise<T> {
  const table = sqlIdent(CANDIDATE[kind]);
  if (rows.length === 1) {
    // one candidate (the server's registration): made in one statement, its values bound
    const values = columns.map(([c]) => (rows[0]![c] ?? null) as SqlValue);
    await wh.run(
      `create or replace temp table ${table} as select ${columns
        .map(([c, t], i) => `$${i + 1}::${t} as ${sqlIdent(c)}`)
        .join(', ')}`,
      values,
    );
  } else {
    await wh.run(
      `create or replace temp table ${table} (${columns.map(([c, t]) => `${sqlIdent(c)} ${t}`).join(', ')})`,
    );
    for (const row of rows) {
      const values = columns.map(([c]) => (row[c] ?? null) as SqlValue);
      await wh.run(`insert into ${table} values (${columns.map(([, t], i) => `$${i + 1}::${t}`).join(', ')})`, values);
    }
  }
  try {
    return await fn();
  } finally {
    await wh.run(`drop table if exists ${table}`);
  }
}

/** The reasons that stop this document (empty: none of the red in-flow rules objects). */
export async function checkDocumentInFlow(
  wh: Warehouse,
  doc: CandidateDocument,
  options: { rulesDir?: string } = {},
): Promise<InFlowReason[]> {
  const dir = options.rulesDir ?? RULES_DIR;
  await prepareInFlow(wh, dir);
  const row = { advance: false, for_poor: false, direct: false, ...doc };
  return serialised(() =>
    withCandidates(wh, 'document', DOCUMENT_COLUMNS, [row], () =>
      runInFlow(wh, 'document', dir, new Set([doc.txn_code])),
    ),
  );
}

/** The reasons that stop this payment (empty: none of the red in-flow rules objects). */
export async function checkPaymentInFlow(
  wh: Warehouse,
  payment: CandidatePayment,
  options: { rulesDir?: string } = {},
): Promise<InFlowReason[]> {
  const dir = options.rulesDir ?? RULES_DIR;
  await prepareInFlow(wh, dir);
  return serialised(() =>
    withCandidates(wh, 'payment', PAYMENT_COLUMNS, [payment as unknown as Record<string, unknown>], () =>
      runInFlow(wh, 'payment', dir),
    ),
  );
}

export interface StagedRejection extends InFlowReason {
  /** the stage row (seq) and its row in the file */
  seq: number;
  row_no: number | null;
}

/**
 * The in-flow reasons for every document of a ledger stage table (ingest/ledger/document-stage.ts columns), one
 * per document (the first rule in catalogue order that objects). Runs inside the caller's transaction.
 */
export async function guardStagedDocuments(
  wh: Warehouse,
  stageTable: string,
  options: { rulesDir?: string } = {},
): Promise<StagedRejection[]> {
  const dir = options.rulesDir ?? RULES_DIR;
  await prepareInFlow(wh, dir);
  return serialised(async () => {
    const view = sqlIdent(CANDIDATE.document);
    await wh.run(`create or replace temp view ${view} as select * from ${sqlIdent(stageTable)}`);
    try {
      const txns = await wh.all<{ txn_code: string }>(`select distinct txn_code from ${sqlIdent(stageTable)}`);
      const reasons = await runInFlow(wh, 'document', dir, new Set(txns.map((t) => t.txn_code)));
      if (reasons.length === 0) return [];
      const rows = await wh.all<{ seq: number; row_no: number | null; doc_id: string }>(
        `select seq, row_no, doc_id from ${sqlIdent(stageTable)} order by seq`,
      );
      const first = new Map<string, InFlowReason>();
      for (const r of reasons) if (!first.has(r.subject_id)) first.set(r.subject_id, r);
      return rows.flatMap((row) => {
        const reason = first.get(row.doc_id);
        return reason ? [{ ...reason, seq: row.seq, row_no: row.row_no }] : [];
      });
    } finally {
      await wh.run(`drop view if exists ${view}`);
    }
  });
}

/**
 * The in-flow reasons for the rows of a payments file (a relation with row_no and the columns of raw.payments,
 * the ingest's valid rows), one per row (the first rule in catalogue order that objects). Runs inside the caller's
 * transaction; the ingest rejects those rows with code E_RULE_<CODE> and stores the rest.
 */
export async function guardStagedPayments(
  wh: Warehouse,
  relation: string,
  options: { rulesDir?: string } = {},
): Promise<StagedRejection[]> {
  const dir = options.rulesDir ?? RULES_DIR;
  await prepareInFlow(wh, dir);
  return serialised(async () => {
    const view = sqlIdent(CANDIDATE.payment);
    await wh.run(`create or replace temp view ${view} as select * from ${sqlIdent(relation)}`);
    try {
      const reasons = await runInFlow(wh, 'payment', dir);
      if (reasons.length === 0) return [];
      const named = new Set(reasons.map((r) => r.subject_id));
      const rows = await wh.all<{ row_no: number; payment_id: string }>(
        `select row_no, payment_id from ${sqlIdent(relation)} order by row_no`,
      );
      const first = new Map<string, InFlowReason>();
      for (const r of reasons) if (!first.has(r.subject_id)) first.set(r.subject_id, r);
      return rows.flatMap((row) => {
        if (!named.has(row.payment_id)) return [];
        const reason = first.get(row.payment_id)!;
        return [{ ...reason, seq: row.row_no, row_no: row.row_no }];
      });
    } finally {
      await wh.run(`drop view if exists ${view}`);
    }
  });
}
