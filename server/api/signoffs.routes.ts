/** 签报 routes: list, create (录入), read with the preview, review (审核), issue (签发), return (退回). */
import { z } from 'zod';
import { anyRoute, route } from './route.registry.ts';
import { SIGNOFF_ROLES } from '../auth/roles.ts';
import {
  CreateSignoff,
  ReturnBody,
  StepBody,
  actOnSignoff,
  createSignoff,
  listSignoffs,
  signoffDetail,
} from './signoffs.service.ts';
import type { SignoffDetailResponse, SignoffsResponse } from './api.types.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive('签报编号无效') });
const ListQuery = z.object({ status: z.enum(['draft', 'reviewed', 'issued', 'returned', 'rejected']).optional() });

const step = (action: 'review' | 'issue', summary: string) =>
  anyRoute(
    route<z.infer<typeof IdParam>, Record<string, never>, z.infer<typeof StepBody>>({
      method: 'post',
      path: `/signoffs/:id/${action}`,
      summary,
      tag: 'signoffs',
      roles: SIGNOFF_ROLES[action],
      params: IdParam,
      body: StepBody,
      response: 'SignoffDetailResponse',
      handler: ({ db, user, scope, params, body }): Promise<SignoffDetailResponse> =>
        actOnSignoff(db, user, scope, params.id, action, body.comment ?? null),
    }),
  );

export const signoffRoutes = [
  anyRoute(
    route<Record<string, never>, z.infer<typeof ListQuery>>({
      method: 'get',
      path: '/signoffs',
      summary: '签报列表 (本区划及下级)',
      tag: 'signoffs',
      query: ListQuery,
      response: 'SignoffsResponse',
      handler: async ({ db, scope, query }): Promise<SignoffsResponse> => ({
        rows: await listSignoffs(db, scope, query.status),
      }),
    }),
  ),
  anyRoute(
    route<Record<string, never>, Record<string, never>, z.infer<typeof CreateSignoff>>({
      method: 'post',
      path: '/signoffs',
      summary: '录入签报: 一张指标单据, 附预览 (将生成的分录、来源与资金来源构成)',
      tag: 'signoffs',
      roles: SIGNOFF_ROLES.create,
      body: CreateSignoff,
      response: 'SignoffDetailResponse',
      handler: ({ db, user, scope, body }) => createSignoff(db, user, scope, body.document),
    }),
  ),
  anyRoute(
    route<z.infer<typeof IdParam>>({
      method: 'get',
      path: '/signoffs/:id',
      summary: '签报: 单据、各步骤、预览',
      tag: 'signoffs',
      params: IdParam,
      response: 'SignoffDetailResponse',
      handler: ({ db, scope, params }) => signoffDetail(db, params.id, scope),
    }),
  ),
  step('review', '审核签报'),
  step('issue', '签发签报: 按记账规则与红色监控规则入账, 然后刷新台账模型'),
  anyRoute(
    route<z.infer<typeof IdParam>, Record<string, never>, z.infer<typeof ReturnBody>>({
      method: 'post',
      path: '/signoffs/:id/return',
      summary: '退回签报 (须写明原因)',
      tag: 'signoffs',
      roles: SIGNOFF_ROLES.return,
      params: IdParam,
      body: ReturnBody,
      response: 'SignoffDetailResponse',
      handler: ({ db, user, scope, params, body }) => actOnSignoff(db, user, scope, params.id, 'return', body.comment),
    }),
  ),
];
