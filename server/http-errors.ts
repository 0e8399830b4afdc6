/**
 * HTTP failures as contract.md promises them: `{ "error": { "code", "message" } }` with the fitting status.
 * A user's mistake (UserError, or HttpError with its status) is a 4xx with its code; anything else is a
 * broken invariant: 500, logged. Validation errors list every problem with its path (`issues`).
 */
import type { NextFunction, Request, Response } from 'express';
import { UserError, isUserError } from '../warehouse/index.ts';

export interface Issue {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; issues?: Issue[] };
}

export const errorBody = (code: string, message: string, issues?: Issue[]): ErrorBody => ({
  error: issues ? { code, message, issues } : { code, message },
});

/** A user's mistake with the HTTP status that fits it. */
export class HttpError extends UserError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(code, message, 1);
    this.name = 'HttpError';
  }
}

export const unauthorized = (message = '请先登录'): HttpError => new HttpError(401, 'UNAUTHORIZED', message);
export const forbidden = (message: string): HttpError => new HttpError(403, 'FORBIDDEN', message);
export const notFoundError = (message: string): HttpError => new HttpError(404, 'NOT_FOUND', message);

export function notFound(req: Request, res: Response): void {
  res.status(404).json(errorBody('NOT_FOUND', `接口不存在: ${req.method} ${req.originalUrl.split('?')[0]}`));
}

export function errorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (err instanceof HttpError) {
    res.status(err.status).json(errorBody(err.code, err.message, err.issues));
    return;
  }
  if (isUserError(err)) {
    res.status(err.code.startsWith('LEDGER_') || err.code.startsWith('RULE_') ? 422 : 400);
    res.json(errorBody(err.code, err.message));
    return;
  }
  if (isBodyParseError(err)) {
    res.status(400).json(errorBody('BAD_JSON', '请求体不是有效的 JSON'));
    return;
  }
  process.stderr.write(`内部错误: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  res.status(500).json(errorBody('INTERNAL_ERROR', '服务器内部错误'));
}

function isBodyParseError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { type?: unknown }).type === 'entity.parse.failed';
}
