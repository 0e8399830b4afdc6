/**
 * Reading alerts (for the server and the CLI): a filtered, paged list; one alert with its history and attachments;
 * open-alert counts by level for a region and everything below it. Filters are checked with zod (the server may
 * hand its query string over as it is); values are always bound.
 */
import { z } from 'zod';
import { UserError, type SqlValue, type Warehouse } from '../../warehouse/index.ts';
import { relationKind } from '../runner/relation.kind.ts';
import { LEVELS, SUBJECT_TYPES, type AlertLevel, type SubjectType } from './rule-file.schema.ts';

export const ALERT_STATUSES = ['待核实', '已说明', '已办结', '已消除'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** Statuses that still need handling (counted as open). */
export const OPEN_STATUSES: readonly AlertStatus[] = ['待核实', '已说明'];

export interface Alert {
  alert_id: number;
  rule_code: string;
  title: string;
  level: AlertLevel;
  category: string;
  /** document, payment, person, account, transfer (a T05/T06 doc_id), region (a code), fund (`<region>/<fund_code>`) */
  subject_type: SubjectType;
  subject_id: string;
  region_code: string;
  region_name: string | null;
  /** 分 */
  amount: number | null;
  detail: string;
  status: AlertStatus;
  /** the latest check that ran the rule still found it */
  present: boolean;
  detected_at: string;
  last_seen_at: string;
  gone_at: string | null;
  updated_at: string;
}

export interface AlertEvent {
  event_id: number;
  alert_id: number;
  run_id: number | null;
  action: string;
  from_status: string | null;
  to_status: string;
  actor: string;
  comment: string | null;
  amount: number | null;
  detail: string | null;
  event_at: string;
}

export interface AttachmentInfo {
  attachment_id: number;
  alert_id: number;
  event_id: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
}

export interface AlertDetail {
  alert: Alert;
  /** oldest first */
  events: AlertEvent[];
  attachments: AttachmentInfo[];
}

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[]);

export const AlertListQuerySchema = z.strictObject({
  level: oneOrMany(z.enum(LEVELS, { error: '级别应为 red、orange、yellow 或 blue' })).optional(),
  rule: oneOrMany(z.string().regex(/^(DQ|M|L|P|A)\d{2}$/, { error: '规则代码应如 DQ01、M05、P11' })).optional(),
  status: oneOrMany(z.enum(ALERT_STATUSES, { error: '状态应为 待核实、已说明、已办结 或 已消除' })).optional(),
  subjectType: z.enum(SUBJECT_TYPES, { error: '对象类型无效' }).optional(),
  subjectId: z.string().min(1).optional(),
  /** that region and everything below it */
  region: z
    .string()
    .regex(/^\d{6}(\d{3}){0,2}$/, { error: '区划代码应为 6、9 或 12 位数字' })
    .optional(),
  /** only findings still present (true) or gone (false) */
  present: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, { error: '每页至少 1 条' })
    .max(1000, { error: '每页最多 1000 条' })
    .default(50),
  offset: z.coerce.number().int().min(0, { error: '偏移不能为负' }).default(0),
});

export type AlertListQuery = z.input<typeof AlertListQuerySchema>;

export interface AlertPage {
  total: number;
  limit: number;
  offset: number;
  rows: Alert[];
}

function parseQuery(input: unknown): z.infer<typeof AlertListQuerySchema> {
  const parsed = AlertListQuerySchema.safeParse(input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(参数)'}: ${i.message}`);
    throw new UserError('ALERT_QUERY_INVALID', `告警查询参数有误: ${problems.join('; ')}`, 2, parsed.error.issues);
  }
  return parsed.data;
}

/** The region closure as a table when the models are built (fast), else the migration's recursive view. */
async function closureRelation(wh: Warehouse): Promise<string> {
  return (await relationKind(wh, 'staging.stg_raw__region_closure')) === 'table'
    ? 'staging.stg_raw__region_closure'
    : 'raw.region_closure';
}

class Params {
  readonly values: SqlValue[] = [];
  add(v: SqlValue): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
  list(vs: readonly SqlValue[]): string {
    return vs.map((v) => this.add(v)).join(', ');
  }
}

const ALERT_COLUMNS = `a.alert_id, a.rule_code, a.title, a.level, a.category, a.subject_type, a.subject_id, a.region_code,
  g.name as region_name, a.amount, a.detail, a.status, a.present, a.detected_at, a.last_seen_at, a.gone_at, a.updated_at`;
const ALERT_FROM = `monitoring.alerts as a left join raw.region_current as g on g.code = a.region_code`;

/** Alerts matching the filters, most severe and newest first. */
export async function listAlerts(wh: Warehouse, query: AlertListQuery = {}): Promise<AlertPage> {
  const q = parseQuery(query);
  const p = new Params();
  const where: string[] = [];
  if (q.level?.length) where.push(`a.level in (${p.list(q.level)})`);
  if (q.rule?.length) where.push(`a.rule_code in (${p.list(q.rule)})`);
  if (q.status?.length) where.push(`a.status in (${p.list(q.status)})`);
  if (q.subjectType) where.push(`a.subject_type = ${p.add(q.subjectType)}`);
  if (q.subjectId) where.push(`a.subject_id = ${p.add(q.subjectId)}`);
  if (q.present !== undefined) where.push(`a.present = ${p.add(q.present)}`);
  if (q.region) {
    where.push(
      `a.region_code in (select code from ${await closureRelation(wh)} where ancestor_code = ${p.add(q.region)})`,
    );
  }
  const clause = where.length ? `where ${where.join(' and ')}` : '';
  const total = await wh.value<number>(`select count(*) from monitoring.alerts as a ${clause}`, p.values);
  const rows = await wh.all<Alert & Record<string, unknown>>(
    `select ${ALERT_COLUMNS} from ${ALERT_FROM} ${clause}
     order by case a.level when 'red' then 1 when 'orange' then 2 when 'yellow' then 3 else 4 end,
       a.detected_at desc, a.alert_id desc
     limit ${p.add(q.limit)} offset ${p.add(q.offset)}`,
    p.values,
  );
  return { total, limit: q.limit, offset: q.offset, rows };
}

/** One alert with its history (oldest first) and its attachments (without their bytes). */
export async function getAlert(wh: Warehouse, alertId: number): Promise<AlertDetail> {
  if (!Number.isSafeInteger(alertId)) throw new UserError('ALERT_ID_INVALID', `告警编号无效: ${alertId}`, 2);
  const alert = await wh.one<Alert & Record<string, unknown>>(
    `select ${ALERT_COLUMNS} from ${ALERT_FROM} where a.alert_id = $1`,
    [alertId],
  );
  if (!alert) throw new UserError('ALERT_NOT_FOUND', `告警 ${alertId} 不存在`);
  const events = await wh.all<AlertEvent & Record<string, unknown>>(
    `select * from monitoring.alert_events where alert_id = $1 order by event_id`,
    [alertId],
  );
  const attachments = await wh.all<AttachmentInfo & Record<string, unknown>>(
    `select attachment_id, alert_id, event_id, file_name, media_type, size_bytes, sha256, uploaded_by, uploaded_at
     from monitoring.alert_attachments where alert_id = $1 order by attachment_id`,
    [alertId],
  );
  return { alert, events, attachments };
}

export interface AttachmentFile extends AttachmentInfo {
  content: Buffer;
}

/** An attachment with its bytes (for a download). */
export async function getAttachment(wh: Warehouse, attachmentId: number): Promise<AttachmentFile> {
  const row = await wh.one<AttachmentInfo & { content_base64: string } & Record<string, unknown>>(
    `select attachment_id, alert_id, event_id, file_name, media_type, size_bytes, sha256, uploaded_by, uploaded_at,
       content_base64
     from monitoring.alert_attachments where attachment_id = $1`,
    [attachmentId],
  );
  if (!row) throw new UserError('ATTACHMENT_NOT_FOUND', `附件 ${attachmentId} 不存在`);
  const { content_base64, ...info } = row;
  return { ...info, content: Buffer.from(content_base64, 'base64') };
}

export interface LevelCount {
  level: AlertLevel;
  open: number;
}

/**
 * Recounts monitoring.open_alert_counts (open alerts per region and level) from monitoring.alerts: every write
 * to the alerts calls it in its own transaction, so the counts are never seen apart from the alerts.
 */
export async function refreshOpenAlertCounts(tx: Warehouse): Promise<void> {
  const p = new Params();
  const statuses = p.list(OPEN_STATUSES);
  await tx.run('delete from monitoring.open_alert_counts');
  await tx.run(
    `insert into monitoring.open_alert_counts
     select region_code, level, count(*) from monitoring.alerts where status in (${statuses}) group by region_code, level`,
    p.values,
  );
}

/**
 * Open alerts (待核实 or 已说明) by level, for a region and everything below it (or everywhere); every level listed.
 * Read from monitoring.open_alert_counts (a few thousand rows, kept by refreshOpenAlertCounts).
 */
export async function openAlertCounts(wh: Warehouse, region?: string): Promise<LevelCount[]> {
  if (region !== undefined && !/^\d{6}(\d{3}){0,2}$/.test(region)) {
    throw new UserError('ALERT_QUERY_INVALID', `区划代码应为 6、9 或 12 位数字: ${region}`, 2);
  }
  const p = new Params();
  const scope =
    region === undefined
      ? ''
      : `where a.region_code in (select code from ${await closureRelation(wh)} where ancestor_code = ${p.add(region)})`;
  const rows = await wh.all<{ level: AlertLevel; open: number }>(
    `select level, sum(open)::bigint as open from monitoring.open_alert_counts as a ${scope} group by level`,
    p.values,
  );
  const byLevel = new Map(rows.map((r) => [r.level, r.open]));
  return LEVELS.map((level) => ({ level, open: byLevel.get(level) ?? 0 }));
}
