/**
 * The shapes the API answers with: the contract between server/ and dashboard/ (which imports this file with
 * `import type` only). Amounts are integer 分 (JSON numbers; a province's totals stay far below 2^53 分);
 * progress values are fractions 0–1 or null when there is nothing to divide by. Dates are 'YYYY-MM-DD'.
 */

export const ROLES = ['admin', 'entry', 'review', 'monitor', 'analyst', 'leader', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The 总预算管理岗位 of the brief, as shown to people. */
export const ROLE_NAMES: Record<Role, string> = {
  admin: '管理员',
  entry: '指标录入岗',
  review: '指标审核岗',
  monitor: '监控岗',
  analyst: '报表分析岗',
  leader: '领导查看',
  auditor: '专员办审计',
};

export interface SessionUser {
  username: string;
  display_name: string;
  role: Role;
  role_name: string;
  region_code: string;
  region_name: string;
  /** may see 身份证号 and account numbers unmasked (within the own region) */
  can_unmask: boolean;
}

/** POST /api/auth/login, GET /api/auth/me */
export interface SessionResponse {
  user: SessionUser;
  /** send back as the `x-csrf-token` header on every POST/PUT/PATCH/DELETE */
  csrf_token: string;
  expires_at: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

/** One region as the drill shows it. */
export interface RegionRef {
  code: string;
  name: string;
  level: string;
}

/**
 * The additive figures of a scope (a region and everything below it, or one region's own level), summed from
 * marts.allocation_progress: funds = allocated + undistributed is the money that stopped in the scope's
 * regions (what each passed further down is counted where it stopped), so children + 本级 = parent.
 */
export interface ScopeFigures {
  /** 资金规模: money held in the scope (allocated + undistributed) */
  funds: number;
  /** 已分配: to projects, plans and payments (500201 + 5101 + 5201) */
  allocated: number;
  /** 已支付 (5201) */
  paid: number;
  /** 未分配 (1001 + 5001) */
  undistributed: number;
  allocation_progress: number | null;
  spending_progress: number | null;
}

/** GET /api/years */
export interface YearsResponse {
  years: number[];
  /** the year the dashboard opens on */
  current: number;
  as_of: string | null;
}

/** GET /api/overview?year=&region= */
export interface OverviewResponse {
  year: number;
  region: RegionRef;
  /** marts.consolidated for the scope: 下达 from outside, sources, progress */
  consolidated: {
    sources: number;
    from_outside: number;
    own_arranged: number;
    carried_in: number;
    in_transit: number;
    paid: number;
    available: number;
    allocation_progress: number | null;
    spending_progress: number | null;
  };
  figures: ScopeFigures;
  /** received by the scope's regions, by the level that issued it (中央/省/市/县下达) */
  received: { central: number; province: number; city: number; county: number; lateral: number };
  children: DrillRegionRow[];
  /** 已支付 per month (T08 documents by doc_date) */
  monthly: { month: string; paid: number; documents: number }[];
  alerts: { level: 'red' | 'orange' | 'yellow' | 'blue'; open: number }[];
}

/** A row of the region drill: one child scope, or the parent's own level (is_own). */
export interface DrillRegionRow extends ScopeFigures {
  region: RegionRef;
  /** true for the 本级 row: the region's own figures without its children */
  is_own: boolean;
  has_children: boolean;
  /** 下达 into this scope from outside it (marts.consolidated.from_outside); not additive */
  from_outside: number;
}

/** GET /api/regions/:code/children?year= */
export interface RegionChildrenResponse {
  year: number;
  region: RegionRef;
  /** breadcrumbs from the user's own region down to this one */
  path: RegionRef[];
  total: DrillRegionRow;
  rows: DrillRegionRow[];
}

/** GET /api/regions/:code/funds?year= */
export interface RegionFundsResponse {
  year: number;
  region: RegionRef;
  path: RegionRef[];
  total: ScopeFigures;
  rows: (ScopeFigures & { fund_code: string | null; fund_name: string })[];
}

export interface DocumentRow {
  doc_id: string;
  doc_no: string | null;
  txn_code: string;
  txn_name: string;
  region_code: string;
  region_name: string;
  budget_year: number;
  doc_date: string;
  fund_code: string | null;
  project_code: string | null;
  project_name: string | null;
  target_region_code: string | null;
  amount: number;
  effective: number;
  carved: number;
  remaining: number;
  origin_kind: string | null;
}

/** GET /api/documents?region=&year=&fund=&txn=&page=&page_size= */
export interface DocumentsResponse {
  rows: DocumentRow[];
  total_rows: number;
  /** Σ effective over all matching rows (not only the page) */
  total_effective: number;
}

export interface TraceNode extends DocumentRow {
  parent_doc_id: string | null;
  root_doc_id: string;
  depth: number;
  is_leaf: boolean;
}

/** GET /api/documents/:id */
export interface DocumentDetailResponse {
  document: DocumentRow & { summary: string | null; func_subject: string | null; econ_subject: string | null };
  /** from the root down to this document */
  ancestors: TraceNode[];
  /** this document's subtree (capped; `children_truncated` says so) */
  descendants: TraceNode[];
  children_truncated: boolean;
  /**
   * where this document's money started (中央/省/市/县/本级/横向), seen from its region: one entry, since every
   * document hangs under exactly one root (ledger.md)
   */
  origin: { origin_kind: string; amount: number; share: number | null }[];
  /** the origin composition of everything the document's region holds in its fund that year */
  fund_origin: { origin_kind: string; amount: number; share: number | null }[];
  postings: PostingRow[];
  /** payment detail under this document (marts.payments) */
  payments: { rows: number; paid: number; payable: number };
}

export interface PostingRow {
  posting_id: number;
  account_code: string;
  account_name: string;
  region_code: string;
  budget_year: number;
  fund_code: string | null;
  debit: number;
  credit: number;
  source_type: string | null;
}

/** GET /api/trace/fund?region=&fund=&year= : origin composition and the document tree of one fund */
export interface FundTraceResponse {
  region: RegionRef;
  fund_code: string | null;
  fund_name: string;
  year: number;
  origin: { origin_kind: string; amount: number; share: number | null }[];
  roots: TraceNode[];
}

export interface ProjectRow {
  project_code: string;
  project_name: string | null;
  region_code: string;
  region_name: string;
  category: string | null;
  department: string | null;
  status: string | null;
  start_year: number | null;
  end_year: number | null;
  planned: number;
  funded: number;
  paid: number;
  unfunded: number;
  funded_central: number;
  funded_province: number;
  funded_city: number;
  funded_county: number;
  funded_own: number;
}

/** GET /api/projects?region=&year=&q=&page=&page_size= */
export interface ProjectsResponse {
  rows: ProjectRow[];
  total_rows: number;
}

/** GET /api/projects/:code?year= (year: the payment detail of that pay year; default every year) */
export interface ProjectDetailResponse {
  project: ProjectRow & { parent_project_code: string | null; applied_to_region: string | null };
  by_year: { budget_year: number; planned: number; funded: number; planned_for_payment: number; paid: number }[];
  funding: {
    budget_year: number;
    region_code: string;
    funded: number;
    funded_central: number;
    funded_province: number;
    funded_city: number;
    funded_county: number;
    funded_own: number;
    paid: number;
  }[];
  related: {
    relation: string;
    project_code: string;
    project_name: string | null;
    region_code: string;
    amount: number;
  }[];
  documents: DocumentRow[];
  /** detail payments under the project (marts.payments; of `year` when given), what the people list sums to */
  payments: { rows: number; people: number; paid: number; payable: number };
}

/** One person under a project (or a region), masked per role. */
export interface PersonRow {
  /** 身份证号, masked (110101********1234) unless the user may see it */
  person_id: string;
  /** an opaque reference to the person for `GET /api/payments?person_ref=` (works masked or not) */
  person_ref: string;
  name: string | null;
  household_id: string | null;
  village_code: string | null;
  village_name: string | null;
  registered: boolean | null;
  payments: number;
  payable: number;
  paid: number;
  first_month: string | null;
  last_month: string | null;
}

/**
 * GET /api/people?project=|region=&year=&page=&page_size=&sort=&filter=  — JSON, or Arrow IPC with
 * `Accept: application/vnd.apache.arrow.stream` (same columns; total_rows in the `x-total-rows` header).
 */
export interface PeopleResponse {
  rows: PersonRow[];
  total_rows: number;
  /** Σ paid over all matching rows */
  total_paid: number;
}

export interface PaymentRow {
  payment_id: string;
  pay_month: string;
  person_id: string | null;
  name: string | null;
  village_code: string | null;
  doc_id: string | null;
  project_code: string | null;
  payable: number;
  paid: number;
  /** masked (************1234) unless the user may see it */
  account_no: string | null;
  bank: string | null;
}

/** GET /api/payments?person_ref=|project=|doc=|region=&year=&month=&page=&page_size=&sort=  — JSON or Arrow IPC */
export interface PaymentsResponse {
  rows: PaymentRow[];
  total_rows: number;
  total_paid: number;
}

export interface InterlockRow {
  doc_id: string;
  doc_no: string | null;
  from_region: string;
  from_region_name: string;
  to_region: string;
  to_region_name: string;
  budget_year: number;
  fund_code: string | null;
  issued: number;
  imported: number;
  in_transit: number;
  issued_date: string;
  first_import_date: string | null;
  days_in_transit: number | null;
  status: string;
}

/** GET /api/interlock?region=&year=&status= */
export interface InterlockResponse {
  as_of: string | null;
  by_region: {
    to_region: string;
    to_region_name: string;
    transfers: number;
    in_transit: number;
    max_days_open: number | null;
  }[];
  rows: InterlockRow[];
  total_rows: number;
}

/** GET /api/sankey?year=&region= */
export interface SankeyResponse {
  /** code: the region a node stands for (null for a project category) */
  nodes: { name: string; level: string; code: string | null }[];
  links: { source: string; target: string; value: number }[];
}

/** A 签报 (sign-off) carrying one indicator document through 录入 → 审核 → 签发. */
export type SignoffStatus = 'draft' | 'reviewed' | 'issued' | 'returned' | 'rejected';

export const SIGNOFF_STATUS_NAMES: Record<SignoffStatus, string> = {
  draft: '已录入',
  reviewed: '已审核',
  issued: '已签发',
  returned: '已退回',
  rejected: '记账被拒',
};

export interface SignoffDocument {
  doc_id: string;
  txn_code: string;
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
  /** 分 */
  amount: number;
  advance: boolean;
  for_poor: boolean;
  direct: boolean;
  summary: string | null;
}

export interface SignoffStep {
  action: 'create' | 'review' | 'issue' | 'return';
  username: string;
  at: string;
  comment: string | null;
}

export interface SignoffPreview {
  /** the engine's verdict on the document as it stands now */
  ok: boolean;
  reasons: { code: string; message: string }[];
  /** the postings 签发 will create */
  postings: PostingRow[];
  /** the source document and the origin of its money */
  source: DocumentRow | null;
  origin: { origin_kind: string; amount: number; share: number | null }[];
}

export interface Signoff {
  signoff_id: number;
  status: SignoffStatus;
  status_name: string;
  document: SignoffDocument;
  created_by: string;
  created_at: string;
  steps: SignoffStep[];
}

/** GET /api/signoffs/:id */
export interface SignoffDetailResponse {
  signoff: Signoff;
  preview: SignoffPreview;
}

/** GET /api/signoffs?status= */
export interface SignoffsResponse {
  rows: Signoff[];
}

export type AlertLevel = 'red' | 'orange' | 'yellow' | 'blue';
export type AlertStatus = '待核实' | '已说明' | '已办结' | '已消除';

/** One alert of the monitoring engine (models/monitoring), as the API lists it. */
export interface AlertRow {
  alert_id: number;
  rule_code: string;
  title: string;
  level: AlertLevel;
  category: string;
  /** document, payment, person, account, transfer, region, fund */
  subject_type: string;
  subject_id: string;
  region_code: string;
  region_name: string | null;
  amount: number | null;
  detail: string;
  status: AlertStatus;
  present: boolean;
  detected_at: string;
  last_seen_at: string;
  gone_at: string | null;
  updated_at: string;
}

/** GET /api/alerts?level=&rule=&status=&region=&page=&page_size= */
export interface AlertsResponse {
  rows: AlertRow[];
  total_rows: number;
}

export interface AlertEventRow {
  event_id: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor: string;
  comment: string | null;
  event_at: string;
}

export interface AlertAttachmentRow {
  attachment_id: number;
  event_id: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  uploaded_by: string;
  uploaded_at: string;
}

/** GET /api/alerts/:id, and the answer of POST /api/alerts/:id/transition */
export interface AlertDetailResponse {
  alert: AlertRow;
  events: AlertEventRow[];
  attachments: AlertAttachmentRow[];
  /** the actions this user may take now: explain (说明), settle (办结), return (退回) */
  actions: ('explain' | 'settle' | 'return')[];
  /**
   * for a person or account subject: an opaque reference to open its payments with (`/api/payments?person_ref=`
   * or `?account_ref=`), which works while the subject is shown masked; null for the other subjects
   */
  subject_ref: string | null;
}

/** An audit package job (POST /api/audit/exports; issue 7): counted first, then written, then downloadable. */
export interface AuditJob {
  id: string;
  username: string;
  region_code: string;
  region_name: string;
  budget_year: number;
  /** counting → writing → done (→ expired: its files deleted after the retention time), or failed */
  status: 'counting' | 'writing' | 'done' | 'failed' | 'expired';
  created_at: string;
  finished_at: string | null;
  /** rows to write over all tables and formats (known once counted) */
  rows_total: number;
  rows_done: number;
  /** the table being written */
  current: string | null;
  /** each table's rows, once counted (before the files are written) */
  tables: { name: string; title: string; rows: number }[];
  /** the package's files (GET /api/audit/exports/{id}/files/{file}), when done; manifest.json besides */
  files: { path: string; bytes: number; sha256: string }[];
  head_hash: string | null;
  error: string | null;
}

export interface AuditJobsResponse {
  rows: AuditJob[];
}

/** GET /api/audit/access-log: who exported or saw unmasked personal data (管理员 and 专员办审计 only). */
export interface AccessLogRow {
  log_id: number;
  logged_at: string;
  username: string;
  role: string | null;
  channel: 'api' | 'cli';
  action: 'export' | 'download' | 'unmasked_view';
  target: string;
  region_code: string | null;
  budget_year: number | null;
  row_count: number;
  unmasked: boolean;
  detail: string | null;
}

export interface AccessLogResponse {
  rows: AccessLogRow[];
  total_rows: number;
}
