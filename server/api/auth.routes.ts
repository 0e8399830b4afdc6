/** Sign-in, sign-out and "who am I" (contract.md: every API call but login needs a signed-in user). */
import { z } from 'zod';
import { anyRoute, route } from './route.registry.ts';
import { HttpError } from '../http-errors.ts';
import { authenticate } from '../auth/users.repository.ts';
import { createSession, revokeSession } from '../auth/sessions.repository.ts';
import { forgetSession } from '../auth/session.cache.ts';
import { clearSessionCookie, setSessionCookie } from '../auth/session.cookie.ts';
import type { SessionResponse } from './api.types.ts';

const Login = z.object({
  username: z.string().min(1, '请输入用户名').max(100),
  password: z.string().min(1, '请输入密码').max(200),
});

export const authRoutes = [
  anyRoute(
    route<Record<string, never>, Record<string, never>, z.infer<typeof Login>>({
      method: 'post',
      path: '/auth/login',
      summary: '登录',
      tag: 'auth',
      auth: 'public',
      body: Login,
      response: 'SessionResponse',
      handler: async ({ db, body, req, res }): Promise<SessionResponse> => {
        const user = await authenticate(db, body.username, body.password);
        if (!user) throw new HttpError(401, 'LOGIN_FAILED', '用户名或密码错误, 或用户已停用');
        const session = await createSession(db, user.username);
        setSessionCookie(req, res, session);
        return { user, csrf_token: session.csrf_token, expires_at: session.expires_at };
      },
    }),
  ),
  anyRoute(
    route({
      method: 'post',
      path: '/auth/logout',
      summary: '退出登录',
      tag: 'auth',
      response: '{ ok: true }',
      handler: async ({ db, session, req, res }) => {
        await revokeSession(db, session.session_id);
        forgetSession(session.session_id);
        clearSessionCookie(req, res);
        return { ok: true };
      },
    }),
  ),
  anyRoute(
    route({
      method: 'get',
      path: '/auth/me',
      summary: '当前用户',
      tag: 'auth',
      response: 'SessionResponse',
      handler: async ({ user, session }): Promise<SessionResponse> => {
        return { user, csrf_token: session.csrf_token, expires_at: session.expires_at };
      },
    }),
  ),
];
