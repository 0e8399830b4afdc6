/**
 * The HTTP app (Express 5): the API under /api (declared routes, api/routes.ts; OpenAPI at /api/openapi.json),
 * the warehouse status at /status and /api/health, and the dashboard (dashboard/dist, built by Vite) at / with a fallback
 * to index.html for the dashboard's own paths. Errors are JSON (http-errors.ts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import express, { type Express } from 'express';
import cookieParser from 'cookie-parser';
import { rateLimit } from 'express-rate-limit';
import type { Warehouse } from '../warehouse/index.ts';
import { errorBody, errorHandler, notFound } from './http-errors.ts';
import { renderStatusPage } from './status.page.ts';
import { readStatus } from './status.repository.ts';
import { SessionPool } from './db/session.pool.ts';
import { cookieSecret } from './auth/sessions.repository.ts';
import { apiRouter } from './api/api.router.ts';
import { ResponseCache } from './api/response.cache.ts';
import { apiRoutes } from './api/routes.ts';
import { PersonRefs } from './auth/person.ref.ts';
import { openApiDocument } from './api/openapi.document.ts';
import { securityHeaders } from './security.headers.ts';

export const DASHBOARD_DIST = fileURLToPath(new URL('../dashboard/dist/', import.meta.url));

export interface AppOptions {
  /** sign-in attempts per client address per 5 minutes (default 30) */
  loginLimit?: number;
  /** where the built dashboard lives (default dashboard/dist) */
  dashboardDir?: string;
}

export interface FundtrailApp {
  app: Express;
  close(): void;
}

export function createApp(wh: Warehouse, options: AppOptions = {}): FundtrailApp {
  const pool = new SessionPool(wh);
  // The secret is read (or made) at the first request, so an app over a warehouse that cannot answer still
  // starts and answers with JSON errors.
  let secret: Promise<string> | undefined;
  const loadSecret = (): Promise<string> => {
    secret ??= pool
      .use((db) => cookieSecret(db))
      .catch((err: unknown) => {
        secret = undefined;
        throw err;
      });
    return secret;
  };
  let refs: Promise<PersonRefs> | undefined;
  const loadRefs = (): Promise<PersonRefs> => (refs ??= loadSecret().then((s) => new PersonRefs(s)));
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders);
  let parser: ReturnType<typeof cookieParser> | undefined;
  app.use('/api', (req, res, next) => {
    loadSecret().then(
      (s) => (parser ??= cookieParser(s))(req, res, next),
      (err: unknown) => next(err),
    );
  });

  app.get('/api/health', async (_req, res) => {
    const status = await readStatus(wh);
    res.json({ status: 'ok', ...status });
  });
  const routes = apiRoutes({ refs: loadRefs });
  const document = openApiDocument(routes);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use(
    '/api/auth/login',
    rateLimit({
      windowMs: 5 * 60_000,
      limit: options.loginLimit ?? 30,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res) => {
        res.status(429).json(errorBody('TOO_MANY_LOGINS', '登录尝试过于频繁, 请 5 分钟后再试'));
      },
    }),
  );
  app.use('/api', apiRouter(pool, routes, { cache: new ResponseCache() }));
  app.use('/api', notFound);

  app.get('/status', async (_req, res) => {
    const status = await readStatus(wh);
    res.type('html').send(renderStatusPage(status));
  });
  const dist = options.dashboardDir ?? DASHBOARD_DIST;
  if (existsSync(join(dist, 'index.html'))) {
    app.use(express.static(dist, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => {
      res.sendFile(join(dist, 'index.html'));
    });
  } else {
    app.get('/', (_req, res) => {
      res.redirect('/status');
    });
  }

  app.use(notFound);
  app.use(errorHandler);
  return { app, close: () => pool.close() };
}
