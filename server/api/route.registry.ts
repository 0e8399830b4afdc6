/**
 * Every API route is declared once, as data: method, path, who may call it, the zod schemas of its path
 * parameters, query string and body, and a handler. The same declarations register the Express handlers and
 * write the OpenAPI document (openapi.document.ts), so the document cannot drift from what is served, and a
 * test can walk every route of it (the scope test of the security issue).
 */
import type { Request, Response } from 'express';
import { type z } from 'zod';
import type { Warehouse } from '../../warehouse/index.ts';
import type { Role, SessionUser } from './api.types.ts';
import { HttpError, forbidden, type Issue } from '../http-errors.ts';
import type { RegionScope } from './region.scope.ts';
import type { SessionRecord } from '../auth/sessions.repository.ts';

export type Method = 'get' | 'post';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** the signed-in user (routes with auth 'public' get none) */
  user: SessionUser;
  session: SessionRecord;
  /** a pooled DuckDB session for this request */
  db: Warehouse;
  /** the user's region scope: every region-bearing input goes through it */
  scope: RegionScope;
  req: Request;
  res: Response;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  /** Express path below /api, e.g. '/regions/:code/children' */
  path: string;
  summary: string;
  tag: string;
  /** 'public' only for sign-in; everything else needs a signed-in user */
  auth?: 'public' | 'user';
  /** roles allowed (default: every signed-in role) */
  roles?: readonly Role[];
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** the response type's name in api.types.ts (documentation) */
  response: string;
  /** a read-only answer that depends only on the URL, the user's region and role (response.cache.ts) */
  cache?: boolean;
  /** other media types the route can answer with, besides JSON */
  produces?: readonly string[];
  /** returns the JSON body, or undefined when it wrote the response itself */
  handler: (ctx: RouteContext<P, Q, B>) => Promise<unknown>;
}

/** Declares a route, keeping its schemas' types for the handler. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec<P, Q, B> {
  return spec;
}

/** Erased view of a route for the registry; each spec is checked against its own schemas where declared. */
export type AnyRoute = RouteSpec<never, never, never>;

export const anyRoute = <P, Q, B>(spec: RouteSpec<P, Q, B>): AnyRoute => spec as unknown as AnyRoute;

function issuesOf(error: z.ZodError, where: string): Issue[] {
  return error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
}

/** Parses every input of a request; all problems of all inputs in one 400. */
export function parseInputs(spec: AnyRoute, req: Request): { params: unknown; query: unknown; body: unknown } {
  const issues: Issue[] = [];
  const parse = (schema: z.ZodType | undefined, value: unknown, where: string): unknown => {
    if (!schema) return undefined;
    const r = schema.safeParse(value ?? {});
    if (!r.success) {
      issues.push(...issuesOf(r.error, where));
      return undefined;
    }
    return r.data;
  };
  const params = parse(spec.params as z.ZodType | undefined, req.params, 'params');
  const query = parse(spec.query as z.ZodType | undefined, req.query, 'query');
  const body = parse(spec.body as z.ZodType | undefined, req.body, 'body');
  if (issues.length > 0) {
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new HttpError(400, 'VALIDATION_FAILED', `请求参数有误: ${summary}`, issues);
  }
  return { params, query, body };
}

export function checkRole(spec: AnyRoute, user: SessionUser): void {
  if (spec.roles && !spec.roles.includes(user.role)) {
    throw forbidden(`${user.role_name}无权执行此操作 (${spec.summary})`);
  }
}
