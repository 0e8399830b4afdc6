/**
 * Mounts the declared routes (route.registry.ts) on an Express router: a pooled session per request, the
 * signed-in user and CSRF check (auth/session.cookie.ts), the role check, zod on every input, then the handler.
 */
import { Router, json, type NextFunction, type Request, type Response } from 'express';
import type { SessionPool } from '../db/session.pool.ts';
import { requireSession } from '../auth/session.cookie.ts';
import { RegionScope, forgetRegions } from './region.scope.ts';
import { checkRole, parseInputs, type AnyRoute, type RouteContext } from './route.registry.ts';
import type { SessionUser } from './api.types.ts';
import type { SessionRecord } from '../auth/sessions.repository.ts';
import { ResponseCache } from './response.cache.ts';

/** Express paths use `:name`; OpenAPI uses `{name}`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z_]+)/g, '{$1}');

export function apiRouter(
  pool: SessionPool,
  routes: readonly AnyRoute[],
  options: { bodyLimit?: string; cache?: ResponseCache } = {},
): Router {
  const cache = options.cache ?? new ResponseCache(false);
  const router = Router();
  router.use(json({ limit: options.bodyLimit ?? '12mb' }));
  for (const spec of routes) {
    const handle = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      try {
        await pool.use(async (db) => {
          let user: SessionUser | undefined;
          let session: SessionRecord | undefined;
          if (spec.auth !== 'public') {
            ({ user, session } = await requireSession(db, req));
            checkRole(spec, user);
          }
          const cacheKey =
            // not for users who see PII unmasked: each of their views goes through the handler, which logs it
            spec.cache && user && !user.can_unmask && req.method === 'GET' && !req.get('accept')?.includes('arrow')
              ? cache.key(user, req.originalUrl)
              : undefined;
          const cached = cacheKey ? cache.get(cacheKey) : undefined;
          if (cached !== undefined) {
            res.setHeader('x-cache', 'hit');
            res.type('json').send(cached);
            return;
          }
          const inputs = parseInputs(spec, req);
          const ctx = {
            ...inputs,
            user,
            session,
            db,
            scope: user ? await new RegionScope(db, user).ready() : undefined,
            req,
            res,
          } as unknown as RouteContext<never, never, never>;
          const out = await spec.handler(ctx);
          if (req.method !== 'GET') {
            cache.clear();
            forgetRegions();
          }
          if (out !== undefined && !res.headersSent) {
            const body = JSON.stringify(out);
            if (cacheKey) {
              cache.set(cacheKey, body);
              res.setHeader('x-cache', 'miss');
            }
            res.type('json').send(body);
          }
        });
      } catch (err) {
        next(err);
      }
    };
    router[spec.method](spec.path, handle);
  }
  return router;
}
