/**
 * Handling an alert (monitoring.md): 待核实 → 已说明 (the unit explains) → 已办结 (the supervising office accepts),
 * or 已说明 → 待核实 (退回, sent back). Every step is an event row with who, when and what was said, and its
 * attachments; nothing is updated in place but the alert's current status. Refused steps are UserErrors with a
 * stable code and a Chinese message:
 * - ALERT_NOT_FOUND, ALERT_TRANSITION_REFUSED (not allowed from the current status), ALERT_GONE (the finding
 *   disappeared: nothing to handle), ALERT_NO_HANDLING (blue alerts are recorded only);
 * - ALERT_COMMENT_REQUIRED (说明 and 退回 need a comment), ALERT_ATTACHMENT_REQUIRED (an orange alert is explained
 *   with an attachment), ALERT_ATTACHMENT_INVALID, ALERT_TRANSITION_INVALID (bad input).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { UserError, type Warehouse } from '../../warehouse/index.ts';
import { getAlert, refreshOpenAlertCounts, type AlertDetail, type AlertStatus } from './alert.repository.ts';

export const ALERT_ACTIONS = ['explain', 'settle', 'return'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/** The actions' Chinese names (also accepted as input). */
export const ACTION_NAMES: Record<AlertAction, string> = { explain: '说明', settle: '办结', return: '退回' };

/** Allowed transitions: from → to, per action. */
export const TRANSITIONS: Record<AlertAction, { from: AlertStatus; to: AlertStatus }> = {
  explain: { from: '待核实', to: '已说明' },
  settle: { from: '已说明', to: '已办结' },
  return: { from: '已说明', to: '待核实' },
};

/** 20 MB per file, 10 files per step. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;

const actionSchema = z.union([
  z.enum(ALERT_ACTIONS),
  z.enum(['说明', '办结', '退回']).transform((v) => ALERT_ACTIONS.find((a) => ACTION_NAMES[a] === v)!),
]);

const AttachmentSchema = z.object({
  fileName: z
    .string()
    .trim()
    .min(1, { error: '附件文件名不能为空' })
    .max(200, { error: '附件文件名过长' })
    .refine((n) => !/[\\/\0]/.test(n), { error: '附件文件名不能含路径分隔符' }),
  mediaType: z.string().min(1).max(200).default('application/octet-stream'),
  content: z.instanceof(Uint8Array, { error: '附件内容应为字节 (Buffer / Uint8Array)' }),
});

export const TransitionSchema = z.object({
  alertId: z.coerce.number().int().positive({ error: '告警编号无效' }),
  action: actionSchema,
  user: z.string().trim().min(1, { error: '必须注明操作人' }).max(100),
  comment: z.string().trim().max(4000, { error: '意见过长 (最多 4000 字)' }).optional(),
  attachments: z
    .array(AttachmentSchema)
    .max(MAX_ATTACHMENTS, { error: `每步最多 ${MAX_ATTACHMENTS} 个附件` })
    .default([]),
});

export type TransitionInput = z.input<typeof TransitionSchema>;
export interface AttachmentInput {
  fileName: string;
  mediaType?: string;
  content: Uint8Array;
}

/** Moves an alert one step; returns the alert with its history after the step. */
export async function transitionAlert(wh: Warehouse, input: TransitionInput): Promise<AlertDetail> {
  const parsed = TransitionSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(参数)'}: ${i.message}`);
    throw new UserError('ALERT_TRANSITION_INVALID', `处置参数有误: ${problems.join('; ')}`, 2, parsed.error.issues);
  }
  const t = parsed.data;
  const step = TRANSITIONS[t.action];
  const name = ACTION_NAMES[t.action];
  for (const a of t.attachments) {
    if (a.content.byteLength > MAX_ATTACHMENT_BYTES) {
      throw new UserError(
        'ALERT_ATTACHMENT_INVALID',
        `附件 ${a.fileName} 超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`,
      );
    }
    if (a.content.byteLength === 0) throw new UserError('ALERT_ATTACHMENT_INVALID', `附件 ${a.fileName} 是空文件`);
  }
  await wh.transaction(async (tx) => {
    const alert = await tx.one<{ status: AlertStatus; level: string; present: boolean }>(
      'select status, level, present from monitoring.alerts where alert_id = $1',
      [t.alertId],
    );
    if (!alert) throw new UserError('ALERT_NOT_FOUND', `告警 ${t.alertId} 不存在`);
    if (alert.level === 'blue') {
      throw new UserError('ALERT_NO_HANDLING', `告警 ${t.alertId} 是蓝色告警: 仅记录供分析, 无需处置`);
    }
    if (alert.status === '已消除') {
      throw new UserError('ALERT_GONE', `告警 ${t.alertId} 所指的问题在最新检查中已不存在 (已消除), 无需${name}`);
    }
    if (alert.status !== step.from) {
      throw new UserError(
        'ALERT_TRANSITION_REFUSED',
        `告警 ${t.alertId} 当前为「${alert.status}」, 不能${name} (只有「${step.from}」的告警可以${name})`,
      );
    }
    if ((t.action === 'explain' || t.action === 'return') && !t.comment) {
      throw new UserError(
        'ALERT_COMMENT_REQUIRED',
        t.action === 'explain' ? '说明告警必须填写说明内容' : '退回告警必须填写退回理由',
      );
    }
    if (t.action === 'explain' && alert.level === 'orange' && t.attachments.length === 0) {
      throw new UserError('ALERT_ATTACHMENT_REQUIRED', `告警 ${t.alertId} 是橙色告警: 说明时必须附上证明材料 (附件)`);
    }
    const eventId = await tx.value<number>(`select nextval('monitoring.event_id_seq')`);
    await tx.run(
      `insert into monitoring.alert_events
       values ($1, $2, null, $3, $4, $5, $6, $7, null, null, current_timestamp::timestamp)`,
      [eventId, t.alertId, name, step.from, step.to, t.user, t.comment ?? null],
    );
    for (const a of t.attachments) {
      const bytes = Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength);
      await tx.run(
        `insert into monitoring.alert_attachments
         values (nextval('monitoring.attachment_id_seq'), $1, $2, $3, $4, $5, $6, $7, $8, current_timestamp::timestamp)`,
        [
          t.alertId,
          eventId,
          a.fileName,
          a.mediaType,
          bytes.byteLength,
          createHash('sha256').update(bytes).digest('hex'),
          bytes.toString('base64'),
          t.user,
        ],
      );
    }
    await tx.run(
      `update monitoring.alerts set status = $2, updated_at = current_timestamp::timestamp where alert_id = $1`,
      [t.alertId, step.to],
    );
    await refreshOpenAlertCounts(tx);
  });
  return getAlert(wh, t.alertId);
}
