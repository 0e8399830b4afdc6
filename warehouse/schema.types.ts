/**
 * Kysely's view of the warehouse: one interface per table, gathered in `Database`. Amounts are integer 分.
 * Keep in step with migrations/*.sql.
 */

import type { MartsDatabase } from './marts.types.ts';

export interface LoadsTable {
  load_id: number;
  entity: string;
  file_name: string;
  file_sha256: string | null;
  file_format: string | null;
  encoding: string | null;
  layout: string | null;
  status: 'done' | 'refused';
  message: string | null;
  rows_read: number;
  rows_accepted: number;
  rows_unchanged: number;
  rows_rejected: number;
  started_at: string;
  finished_at: string | null;
}

export interface RejectsTable {
  load_id: number;
  row_no: number;
  column_name: string | null;
  error_code: string;
  message: string;
  raw_row: string | null;
}

export interface ReplacedRowsTable {
  load_id: number;
  table_name: string;
  row_key: string;
  old_row: string;
  replaced_at: string;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

interface Lineage {
  load_id: number;
  row_no: number | null;
  extra: string | null;
}

export type RegionLevel = 'central' | 'province' | 'city' | 'county' | 'township' | 'village';

export interface RegionsTable extends Lineage {
  code: string;
  valid_from: number;
  valid_to: number | null;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
}

export interface RegionChangesTable extends Lineage {
  old_code: string;
  new_code: string;
  year: number;
  kind: 'merge' | 'split' | 'rename' | 'recode';
  share: number | null;
}

export interface FundsTable extends Lineage {
  region_code: string;
  fund_code: string;
  fund_name: string;
  upper_fund_code: string | null;
  upper_region_code: string | null;
  poverty: boolean;
  to_individuals: boolean;
  start_year: number | null;
  end_year: number | null;
}

export interface ProjectsTable extends Lineage {
  project_code: string;
  project_name: string | null;
  region_code: string;
  department: string | null;
  category: string | null;
  func_subject: string | null;
  start_year: number | null;
  end_year: number | null;
  planned_amount: number | null;
  parent_project_code: string | null;
  applied_to_region: string | null;
  status: string | null;
}

export interface BeneficiariesTable extends Lineage {
  person_id: string;
  name: string;
  household_id: string | null;
  village_code: string | null;
  registered: boolean;
  status: string | null;
  status_date: string | null;
}

export interface PaymentsTable extends Lineage {
  payment_id: string;
  doc_id: string | null;
  doc_no: string | null;
  sup_doc_no: string | null;
  project_code: string | null;
  person_id: string | null;
  name: string | null;
  village_code: string | null;
  pay_month: string;
  payable: number;
  paid: number;
  account_no: string | null;
  bank: string | null;
  unit: string | null;
}

export interface AccountsTable extends Lineage {
  account_no: string;
  holder_name: string | null;
  holder_id: string | null;
  bank: string | null;
  kind: string | null;
  region_code: string | null;
}

export interface OfficialsTable extends Lineage {
  person_id: string;
  name: string | null;
  employer: string | null;
  region_code: string | null;
}

export interface LedgerAccountsTable {
  account_code: string;
  account_name: string;
  account_class: string;
  normal_side: 'debit' | 'credit';
  parent_code: string | null;
}

export type TxnCode = 'T01' | 'T02' | 'T03' | 'T04' | 'T05' | 'T06' | 'T07' | 'T08' | 'T09' | 'T10';

export interface TxnTemplatesTable {
  txn_code: TxnCode;
  line_no: number;
  applies: 'always' | 'with_fund' | 'without_fund';
  account_code: string;
  side: 'D' | 'C';
  source_type: string | null;
  fund_from: 'doc' | 'source';
  year_offset: number;
  sign: number;
}

export interface DocumentsTable extends Lineage {
  doc_id: string;
  txn_code: TxnCode;
  region_code: string;
  budget_year: number;
  doc_date: string;
  doc_no: string | null;
  sup_doc_no: string | null;
  source_doc_id: string | null;
  corrects_doc_id: string | null;
  fund_code: string | null;
  project_code: string | null;
  project_name: string | null;
  func_subject: string | null;
  econ_subject: string | null;
  target_region_code: string | null;
  amount: number;
  advance: boolean;
  for_poor: boolean;
  direct: boolean;
  summary: string | null;
  content_hash: string;
  registered_at: string;
}

export interface PostingsTable {
  posting_id: number;
  doc_id: string;
  txn_code: TxnCode;
  region_code: string;
  budget_year: number;
  doc_date: string;
  fund_code: string | null;
  account_code: string;
  debit: number;
  credit: number;
  source_type: string | null;
  project_code: string | null;
  target_region_code: string | null;
  source_doc_id: string | null;
  corrects_doc_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface DemoAnomaliesTable {
  rule_code: string;
  subject_type: string;
  subject_id: string;
  note: string | null;
}

/** meta.demo_runs (migration 005): the demo generator's runs. */
export interface DemoRunsTable {
  run_id: number;
  scale: string;
  seed: number;
  /** the date the demo's data runs up to (time-based rules are evaluated as of it) */
  as_of: string;
  started_at: string;
  finished_at: string;
  summary: string | null;
}

/** meta.users (migration 008): local sign-in. */
export interface UsersTable {
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  region_code: string;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionsTable {
  session_id: string;
  username: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: string;
}

/** meta.signoffs (migration 008): a 签报 carrying one document; its status is its last step. */
export interface SignoffsTable {
  signoff_id: number;
  doc_id: string;
  region_code: string;
  document: string;
  created_by: string;
  created_at: string;
}

export interface SignoffStepsTable {
  signoff_id: number;
  step_no: number;
  action: string;
  username: string;
  acted_at: string;
  comment: string | null;
}

/** meta.model_vars (migration 006): the values of models/vars.yml the last build ran with. */
export interface ModelVarsTable {
  name: string;
  value: string | null;
}

/** staging.stg_raw__payments (a model view over raw.payments): the columns the API reads of it — the payee's
 * account of a payment, one join away from the lean marts.payments by payment_id (payments.yml). */
export interface StagingPaymentsView {
  payment_id: string;
  village_code: string | null;
  pay_month: string;
  account_no: string | null;
  bank: string | null;
}

export interface Database extends MartsDatabase {
  'meta.model_vars': ModelVarsTable;
  'staging.stg_raw__payments': StagingPaymentsView;
  'meta.users': UsersTable;
  'meta.sessions': SessionsTable;
  'meta.app_secrets': AppSecretsTable;
  'meta.signoffs': SignoffsTable;
  'meta.signoff_steps': SignoffStepsTable;
  'meta.schema_migrations': SchemaMigrationsTable;
  'meta.loads': LoadsTable;
  'meta.rejects': RejectsTable;
  'meta.replaced_rows': ReplacedRowsTable;
  'meta.demo_anomalies': DemoAnomaliesTable;
  'meta.demo_runs': DemoRunsTable;
  'raw.regions': RegionsTable;
  'raw.region_current': RegionCurrentView;
  'raw.region_closure': RegionClosureView;
  'raw.region_changes': RegionChangesTable;
  'raw.funds': FundsTable;
  'raw.projects': ProjectsTable;
  'raw.beneficiaries': BeneficiariesTable;
  'raw.payments': PaymentsTable;
  'raw.accounts': AccountsTable;
  'raw.officials': OfficialsTable;
  'ledger.accounts': LedgerAccountsTable;
  'ledger.txn_templates': TxnTemplatesTable;
  'ledger.documents': DocumentsTable;
  'ledger.postings': PostingsTable;
  'ledger.document_balances': DocumentBalancesView;
}

export interface RegionCurrentView {
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
  valid_from: number;
  valid_to: number | null;
}

export interface RegionClosureView {
  ancestor_code: string;
  code: string;
  depth: number;
}

/** ledger.document_balances (migration 003): what is left of each document (rules 2 and 5). */
export interface DocumentBalancesView {
  doc_id: string;
  txn_code: TxnCode;
  region_code: string;
  budget_year: number;
  /** where the money sits: budget_year, + 1 for a T10 */
  money_year: number;
  fund_code: string | null;
  source_doc_id: string | null;
  corrects_doc_id: string | null;
  target_region_code: string | null;
  amount: number;
  /** Σ of its T09 corrections (negative) */
  corrected: number;
  /** amount + corrected */
  effective: number;
  /** Σ effective amounts of the documents carved from it */
  carved: number;
  /** effective − carved (0 for a T09) */
  remaining: number;
  /** the account holding its remaining: 1001, 5001, 500201, 500202, 500203, 5101, 5201 (null for T09) */
  held_in: string | null;
  /** what it holds there: remaining, or effective for T05/T06 */
  held: number;
}
