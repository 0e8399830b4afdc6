/**
 * The session cookie: `ft_session`, the session id signed with the warehouse's key (cookie-parser), httpOnly,
 * SameSite=Strict, Secure when the request came over HTTPS (or FUNDTRAIL_SECURE_COOKIE=1 behind a proxy).
 * State-changing requests must also send the session's CSRF token in `x-csrf-token`: SameSite keeps other
 * sites' forms out, the token keeps out what SameSite does not (old browsers, same-site subdomains).
 */
import type { Request, Response } from 'express';
import type { Warehouse } from '../../warehouse/index.ts';
import { HttpError, unauthorized } from '../http-errors.ts';
import { SESSION_HOURS, findSession, type SessionRecord } from './sessions.repository.ts';
import { sessionUser } from './users.repository.ts';
import { cacheSession, cachedSession } from './session.cache.ts';
import type { SessionUser } from '../api/api.types.ts';

export const SESSION_COOKIE = 'ft_session';
export const CSRF_HEADER = 'x-csrf-token';

const secure = (req: Request): boolean => req.secure || process.env['FUNDTRAIL_SECURE_COOKIE'] === '1';

export function setSessionCookie(req: Request, res: Response, session: SessionRecord): void {
  res.cookie(SESSION_COOKIE, session.session_id, {
    signed: true,
    httpOnly: true,
    sameSite: 'strict',
    secure: secure(req),
    path: '/',
    maxAge: SESSION_HOURS * 3600_000,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: secure(req), path: '/' });
}

function sessionId(req: Request): string | undefined {
  const signed = (req.signedCookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof signed === 'string' && signed.length > 0 ? signed : undefined;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The signed-in user of a request and the session; 401 without a live session, 403 without the CSRF token. */
export async function requireSession(
  db: Warehouse,
  req: Request,
): Promise<{ user: SessionUser; session: SessionRecord }> {
  const id = sessionId(req);
  if (!id) throw unauthorized();
  let found = cachedSession(id);
  if (!found) {
    const session = await findSession(db, id);
    if (!session) throw unauthorized('登录已过期, 请重新登录');
    const user = await sessionUser(db, session.username);
    if (!user) throw unauthorized('用户已停用');
    found = cacheSession(user, session);
  }
  const { user, session } = found;
  if (UNSAFE.has(req.method) && req.get(CSRF_HEADER) !== session.csrf_token) {
    throw new HttpError(403, 'CSRF_TOKEN', `缺少或错误的 ${CSRF_HEADER} 请求头`);
  }
  return { user, session };
}
