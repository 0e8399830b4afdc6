/**
 * Alerts of the monitoring engine (models/monitoring): lists by level, rule, status and region within the
 * user's scope, one alert with its handling history and attachments, and its handling: 说明 by the unit
 * (录入岗, 审核岗, 管理员), 办结 or 退回 by the supervising office (监控岗, 管理员).
 */
import { z } from 'zod';
import {
  ALERT_ACTIONS,
  TRANSITIONS,
  getAlert,
  getAttachment,
  listAlerts,
  transitionAlert,
  type AlertAction,
  type AlertDetail,
} from '../../models/monitoring/index.ts';
import type { Role } from '../auth/roles.ts';
import type { SessionUser } from './api.types.ts';
import { ACCOUNT_PREFIX, type PersonRefs } from '../auth/person.ref.ts';
import { anyRoute, route } from './route.registry.ts';
import { Page, PageSize, RegionCode } from './query.params.ts';
import { forbidden, notFoundError } from '../http-errors.ts';
import type { RegionScope } from './region.scope.ts';
import type { AlertDetailResponse, AlertsResponse } from './api.types.ts';
import { maskAlert } from './alert.masking.ts';

const ACTION_ROLES: Record<AlertAction, readonly Role[]> = {
  explain: ['entry', 'review', 'admin'],
  settle: ['monitor', 'admin'],
  return: ['monitor', 'admin'],
};

const AlertsQuery = z.object({
  level: z.enum(['red', 'orange', 'yellow', 'blue']).optional(),
  rule: z
    .string()
    .regex(/^(DQ|M|L|P|A)\d{2}$/, '规则代码应如 DQ01、M05、P11')
    .optional(),
  /** one status or several, comma-separated (待核实,已说明 = the open ones the overview counts) */
  status: z
    .string()
    .transform((v) => v.split(','))
    .pipe(
      z.array(
        z.enum(['待核实', '已说明', '已办结', '已消除'], { message: '状态应为 待核实、已说明、已办结 或 已消除' }),
      ),
    )
    .optional(),
  region: RegionCode.optional(),
  page: Page,
  page_size: PageSize,
});

const AlertParam = z.object({ id: z.coerce.number().int().positive('告警编号无效') });
const AttachmentParam = AlertParam.extend({ attachment: z.coerce.number().int().positive('附件编号无效') });

const Transition = z.object({
  action: z.enum(ALERT_ACTIONS, { message: '操作应为 explain (说明)、settle (办结) 或 return (退回)' }),
  comment: z.string().trim().max(4000).optional(),
  attachments: z
    .array(
      z.object({
        name: z.string().min(1).max(200),
        media_type: z.string().max(200).optional(),
        content_base64: z.string().max(28_000_000),
      }),
    )
    .max(10)
    .default([]),
});

function actionsFor(user: SessionUser, detail: AlertDetail): AlertDetailResponse['actions'] {
  return ALERT_ACTIONS.filter(
    (a) => TRANSITIONS[a].from === detail.alert.status && ACTION_ROLES[a].includes(user.role),
  );
}

async function alertInScope(db: Parameters<typeof getAlert>[0], scope: RegionScope, id: number): Promise<AlertDetail> {
  const detail = await getAlert(db, id).catch(() => undefined);
  if (!detail || !(await scope.contains(detail.alert.region_code))) {
    throw notFoundError(`告警 ${id} 不存在或不在本人可见的区划内`);
  }
  return detail;
}

function subjectRef(refs: PersonRefs, d: AlertDetail): string | null {
  if (d.alert.subject_type === 'person') return refs.encode(d.alert.subject_id);
  if (d.alert.subject_type === 'account') return refs.encode(`${ACCOUNT_PREFIX}${d.alert.subject_id}`);
  return null;
}

function toResponse(user: SessionUser, d: AlertDetail, refs: PersonRefs): AlertDetailResponse {
  return {
    subject_ref: subjectRef(refs, d),
    alert: maskAlert(d.alert, user.can_unmask),
    events: d.events.map((e) => ({
      event_id: e.event_id,
      action: e.action,
      from_status: e.from_status,
      to_status: e.to_status,
      actor: e.actor,
      comment: e.comment,
      event_at: e.event_at,
    })),
    attachments: d.attachments.map((a) => ({
      attachment_id: a.attachment_id,
      event_id: a.event_id,
      file_name: a.file_name,
      media_type: a.media_type,
      size_bytes: a.size_bytes,
      uploaded_by: a.uploaded_by,
      uploaded_at: a.uploaded_at,
    })),
    actions: actionsFor(user, d),
  };
}

export const alertRoutes = (loadRefs: () => Promise<PersonRefs>) => [
  anyRoute(
    route<Record<string, never>, z.infer<typeof AlertsQuery>>({
      method: 'get',
      path: '/alerts',
      summary: '预警列表: 按级别、规则、状态、区划 (含下级)',
      tag: 'alerts',
      query: AlertsQuery,
      response: 'AlertsResponse',
      handler: async ({ db, scope, query, user }): Promise<AlertsResponse> => {
        const region = await scope.region(query.region);
        const page = await listAlerts(db, {
          region: region.code,
          ...(query.level ? { level: query.level } : {}),
          ...(query.rule ? { rule: query.rule } : {}),
          ...(query.status ? { status: query.status } : {}),
          limit: query.page_size,
          offset: (query.page - 1) * query.page_size,
        });
        return { rows: page.rows.map((r) => maskAlert(r, user.can_unmask)), total_rows: page.total };
      },
    }),
  ),
  anyRoute(
    route<z.infer<typeof AlertParam>>({
      method: 'get',
      path: '/alerts/:id',
      summary: '预警: 明细、处理记录、附件、当前用户可做的处理',
      tag: 'alerts',
      params: AlertParam,
      response: 'AlertDetailResponse',
      handler: async ({ db, scope, params, user }) =>
        toResponse(user, await alertInScope(db, scope, params.id), await loadRefs()),
    }),
  ),
  anyRoute(
    route<z.infer<typeof AlertParam>, Record<string, never>, z.infer<typeof Transition>>({
      method: 'post',
      path: '/alerts/:id/transition',
      summary: '处理预警: 说明 (附件)、办结、退回',
      tag: 'alerts',
      params: AlertParam,
      body: Transition,
      response: 'AlertDetailResponse',
      handler: async ({ db, scope, params, body, user }) => {
        await alertInScope(db, scope, params.id);
        if (!ACTION_ROLES[body.action].includes(user.role)) {
          throw forbidden(
            `${user.role_name}不能${{ explain: '说明', settle: '办结', return: '退回' }[body.action]}预警`,
          );
        }
        const detail = await transitionAlert(db, {
          alertId: params.id,
          action: body.action,
          user: user.username,
          ...(body.comment ? { comment: body.comment } : {}),
          attachments: body.attachments.map((a) => ({
            fileName: a.name,
            ...(a.media_type ? { mediaType: a.media_type } : {}),
            content: Buffer.from(a.content_base64, 'base64'),
          })),
        });
        return toResponse(user, detail, await loadRefs());
      },
    }),
  ),
  anyRoute(
    route<z.infer<typeof AttachmentParam>>({
      method: 'get',
      path: '/alerts/:id/attachments/:attachment',
      summary: '下载预警处理附件',
      tag: 'alerts',
      params: AttachmentParam,
      response: '(file)',
      produces: ['application/octet-stream'],
      handler: async ({ db, scope, params, res }) => {
        const detail = await alertInScope(db, scope, params.id);
        if (!detail.attachments.some((a) => a.attachment_id === params.attachment)) {
          throw notFoundError(`附件 ${params.attachment} 不属于告警 ${params.id}`);
        }
        const file = await getAttachment(db, params.attachment);
        res.setHeader('content-type', file.media_type);
        res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.file_name)}`);
        res.setHeader('x-content-type-options', 'nosniff');
        res.end(Buffer.from(file.content));
        return undefined;
      },
    }),
  ),
];
