/**
 * The API tests' warehouse and server: the small demo (data, ledger, models, alerts, one user per role) built
 * once into a temporary file, served in-process on a free port, and a client that signs in like the dashboard
 * (cookie + x-csrf-token).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse, type Warehouse } from '../../warehouse/index.ts';
import { buildDemo } from '../../cli/commands/demo.command.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { DEMO_PASSWORD } from '../../server/auth/demo.users.ts';
import { silentProgress } from '../../warehouse/index.ts';

export interface ApiFixture {
  wh: Warehouse;
  server: RunningServer;
  close(): Promise<void>;
}

export async function demoApi(options: { loginLimit?: number } = {}): Promise<ApiFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'fundtrail-api-'));
  const wh = await openWarehouse(join(dir, 'demo.duckdb'));
  const built = await buildDemo(wh, { scale: 'small', seed: 1 }, silentProgress);
  if (!built.build.ok) throw new Error('the demo models failed their tests');
  const server = await startServer(wh, 0, {
    loginLimit: options.loginLimit ?? 1000,
    dashboardDir: join(dir, 'no-dashboard'),
  });
  return {
    wh,
    server,
    close: async () => {
      await server.close();
      wh.closeAll();
    },
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export class ApiClient {
  private cookie = '';
  csrf = '';

  constructor(private readonly base: string) {}

  static async signIn(base: string, username: string, password = DEMO_PASSWORD): Promise<ApiClient> {
    const client = new ApiClient(base);
    const res = await client.post<{ csrf_token: string }>('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    client.csrf = res.body.csrf_token;
    return client;
  }

  private async send<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await fetch(new URL(path, this.base), {
      method,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0] ?? '';
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await res.json() : new Uint8Array(await res.arrayBuffer());
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = unknown>(path: string, headers?: Record<string, string>): Promise<ApiResponse<T>> {
    return this.send<T>('GET', path, undefined, headers);
  }

  post<T = unknown>(path: string, body: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>> {
    return this.send<T>('POST', path, body, headers);
  }

  /** The session cookie as sent (tests tamper with it). */
  get sessionCookie(): string {
    return this.cookie;
  }

  set sessionCookie(value: string) {
    this.cookie = value;
  }
}
