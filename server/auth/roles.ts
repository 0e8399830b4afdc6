/** What each role of the 总预算管理岗位 may do (api.types.ts names them). */
import type { Role } from '../api/api.types.ts';

export { ROLES, ROLE_NAMES } from '../api/api.types.ts';
export type { Role } from '../api/api.types.ts';

/** 监控岗 checks identity numbers (P02) and accounts (P06, P07, A01); 专员办 audits them. */
const UNMASKED: readonly Role[] = ['monitor', 'auditor'];

export const canUnmask = (role: Role): boolean => UNMASKED.includes(role);

/** 签报: 录入 by 指标录入岗; 审核 and 签发 by 指标审核岗 (never the person who entered it) or 管理员. */
export const SIGNOFF_ROLES = {
  create: ['entry', 'admin'],
  review: ['review', 'admin'],
  issue: ['review', 'admin'],
  return: ['review', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
