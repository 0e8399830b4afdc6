/**
 * The HTTP app (Express 5): for now the warehouse status page at `/` and `/api/health`; the dashboard and the
 * API of contract.md come with their issues. Errors are JSON (http-errors.ts).
 */
import express, { type Express } from 'express';
import type { Warehouse } from '../warehouse/index.ts';
import { errorHandler, notFound } from './http-errors.ts';
import { renderStatusPage } from './status.page.ts';
import { readStatus } from './status.repository.ts';

export function createApp(wh: Warehouse): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/', async (_req, res) => {
    const status = await readStatus(wh);
    res.type('html').send(renderStatusPage(status));
  });

  app.get('/api/health', async (_req, res) => {
    const status = await readStatus(wh);
    res.json({ status: 'ok', ...status });
  });

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
