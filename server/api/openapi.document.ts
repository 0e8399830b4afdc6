/** The OpenAPI 3.1 document of the declared routes, their zod schemas turned into JSON Schema. */
import { z } from 'zod';
import type { AnyRoute } from './route.registry.ts';
import { openApiPath } from './api.router.ts';

type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType | undefined): Json | undefined {
  if (!schema) return undefined;
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  delete out['$schema'];
  return out;
}

function parameters(where: 'path' | 'query', schema: z.ZodType | undefined): Json[] {
  const json = schemaOf(schema);
  const props = (json?.['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((json?.['required'] as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
  }));
}

export function openApiDocument(routes: readonly AnyRoute[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const path = `/api${openApiPath(r.path)}`;
    const body = schemaOf(r.body as z.ZodType | undefined);
    const content: Record<string, Json> = { 'application/json': { schema: { description: r.response } } };
    for (const type of r.produces ?? []) content[type] = {};
    (paths[path] ??= {})[r.method] = {
      summary: r.summary,
      tags: [r.tag],
      security: r.auth === 'public' ? [] : [{ session: [] }],
      'x-roles': r.roles ?? 'any',
      parameters: [
        ...parameters('path', r.params as z.ZodType | undefined),
        ...parameters('query', r.query as z.ZodType | undefined),
      ],
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
      responses: {
        '200': { description: r.response, content },
        '400': { description: '输入有误 (error.issues 列出每一处)' },
        '401': { description: '未登录或登录已过期' },
        '403': { description: '无权限: 角色不符, 区划超出本人范围, 或缺少 CSRF 令牌' },
        '404': { description: '不存在' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Fundtrail 财政扶贫资金动态监控平台 API',
      version: '1',
      description:
        '金额为整数 分。除登录外都需要登录后的会话 cookie (ft_session); POST 需带 x-csrf-token 请求头。' +
        '错误为 { "error": { "code", "message" } }。',
    },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ft_session' } },
    },
    paths,
  };
}
