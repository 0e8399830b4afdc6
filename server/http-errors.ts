/**
 * HTTP failures as contract.md promises them: `{ "error": { "code", "message" } }` with the fitting status.
 * A user's mistake (UserError) is a 4xx with its code; anything else is a broken invariant: 500, logged.
 */
import type { NextFunction, Request, Response } from 'express';
import { isUserError } from '../warehouse/index.ts';

export interface ErrorBody {
  error: { code: string; message: string };
}

export const errorBody = (code: string, message: string): ErrorBody => ({ error: { code, message } });

export function notFound(req: Request, res: Response): void {
  res.status(404).json(errorBody('NOT_FOUND', `接口不存在: ${req.method} ${req.path}`));
}

export function errorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (isUserError(err)) {
    res.status(400).json(errorBody(err.code, err.message));
    return;
  }
  process.stderr.write(`内部错误: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  res.status(500).json(errorBody('INTERNAL_ERROR', '服务器内部错误'));
}
