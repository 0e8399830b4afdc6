/**
 * Mounts the declared routes (route.registry.ts) on an Express router: a pooled session per request, the
 * signed-in user and CSRF check (auth/session.cookie.ts), the role check, zod on every input, then the handler.
 */
import { Router, json, type NextFunction, type Request, type Response } from 'express';
import type { SessionPool } from '../db/session.pool.ts';
import { requireSession } from '../auth/session.cookie.ts';
import { RegionScope } from './region.scope.ts';
import { checkRole, parseInputs, type AnyRoute, type RouteContext } from './route.registry.ts';
import type { SessionUser } from './api.types.ts';
import type { SessionRecord } from '../auth/sessions.repository.ts';

/** Express paths use `:name`; OpenAPI uses `{name}`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z_]+)/g, '{$1}');

export function apiRouter(
  pool: SessionPool,
  routes: readonly AnyRoute[],
  options: { bodyLimit?: string } = {},
): Router {
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
          const inputs = parseInputs(spec, req);
          const ctx = {
            ...inputs,
            user,
            session,
            db,
            scope: user ? new RegionScope(db, user) : undefined,
            req,
            res,
          } as unknown as RouteContext<never, never, never>;
          const out = await spec.handler(ctx);
          if (out !== undefined && !res.headersSent) res.json(out);
        });
      } catch (err) {
        next(err);
      }
    };
    router[spec.method](spec.path, handle);
  }
  return router;
}
