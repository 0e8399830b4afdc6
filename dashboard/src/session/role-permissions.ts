/**
 * What each role may do on the 签报 page (the server decides; this only hides buttons that would be refused).
 * Mirrors the role keys of server/api/api.types.ts, which the dashboard may import as types only.
 */
import type { Role, Signoff } from '../../../server/api/api.types.ts';

export function canCreateSignoff(role: Role): boolean {
  return role === 'entry' || role === 'admin';
}

export interface SignoffActions {
  review: boolean;
  issue: boolean;
  return: boolean;
}

/**
 * 审核 and 签发 belong to 指标审核岗 (签发 by someone other than who entered it); 退回 to the reviewer while
 * the 签报 is still open.
 */
export function signoffActions(role: Role, username: string, signoff: Signoff): SignoffActions {
  const reviewer = role === 'review' || role === 'admin';
  const open = signoff.status === 'draft' || signoff.status === 'reviewed';
  return {
    review: reviewer && signoff.status === 'draft',
    issue: reviewer && signoff.status === 'reviewed' && signoff.created_by !== username,
    return: reviewer && open,
  };
}
