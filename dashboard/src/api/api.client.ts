/**
 * The one way the dashboard reaches data: fetch under /api with the session cookie, the CSRF token on every
 * unsafe method, and the `{ error: { code, message } }` body turned into an ApiError with the Chinese message.
 */
import type { ApiErrorBody } from '../../../server/api/api.types.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: { path: string; message: string }[];

  constructor(status: number, code: string, message: string, issues: { path: string; message: string }[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

/** The token from login or GET /api/auth/me; sent as `x-csrf-token` on POST/PUT/PATCH/DELETE. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called whenever the API answers 401 (the session expired): the app goes back to the sign-in page. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'message' in error;
}

/** The ApiError of a failed response (JSON error body, or the HTTP status when the body is not ours). */
export async function errorOf(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (isErrorBody(body)) {
    return new ApiError(res.status, body.error.code, body.error.message, body.error.issues ?? []);
  }
  return new ApiError(res.status, `HTTP_${res.status}`, `服务器返回 ${res.status} ${res.statusText}`);
}

async function request(url: string, init: RequestInit): Promise<Response> {
  const res = await fetch(url, { credentials: 'same-origin', ...init });
  if (res.status === 401 && !url.startsWith('/api/auth/login')) {
    for (const listener of unauthorizedListeners) listener();
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

export async function apiGet<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await request(url, { headers: { accept: 'application/json' }, signal: signal ?? null });
  return (await res.json()) as T;
}

export async function apiSend<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(url, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** An Arrow IPC stream answer with the totals the server puts in its headers. */
export interface ArrowAnswer {
  bytes: Uint8Array;
  totalRows: number;
  totalPaid: number | null;
}

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

export async function apiArrow(url: string, signal?: AbortSignal): Promise<ArrowAnswer> {
  const res = await request(url, { headers: { accept: ARROW_STREAM }, signal: signal ?? null });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const totalRows = Number(res.headers.get('x-total-rows') ?? Number.NaN);
  const paid = res.headers.get('x-total-paid');
  return { bytes, totalRows, totalPaid: paid === null ? null : Number(paid) };
}
