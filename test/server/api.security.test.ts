/**
 * Security of the HTTP side (issue 7): the sign-in throttle, session expiry, the Secure cookie flag, the
 * Content-Security-Policy and other headers on the API and the dashboard, formula text inert in the grid
 * downloads, the access log of unmasked views and downloads (and who may read it), and the audit package as
 * a job: counted, written, downloaded, its owner's only, inside the scope only.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, demoApi, type ApiFixture } from './api.fixture.ts';
import { startServer } from '../../server/server.ts';
import { addUser } from '../../server/auth/users.repository.ts';
import { DEMO_PASSWORD } from '../../server/auth/demo.users.ts';
import type { AccessLogResponse, AuditJob } from '../../server/api/api.types.ts';

let fx: ApiFixture;
let base: string;
const MALICIOUS = '=HYPERLINK("http://evil.example","点我")';
const CMD = "+cmd|' /C calc'!A0";
let payment = '';

beforeAll(async () => {
  fx = await demoApi();
  base = fx.server.url;
  payment = await fx.wh.value<string>(`select min(payment_id) from marts.payments where village_code like '580121%'`);
  await fx.wh.run(`update marts.payments set name = $1 where payment_id = $2`, [MALICIOUS, payment]);
  await fx.wh.run(
    `update marts.person_payments set name = $1 where person_id = (
       select min(person_id) from marts.person_payments where village_code like '580121%')`,
    [CMD],
  );
  await addUser(fx.wh, {
    username: 'county2_auditor',
    display_name: '另一县 专员办',
    password: DEMO_PASSWORD,
    role: 'auditor',
    region_code: '580122',
  });
}, 180_000);

afterAll(async () => {
  await fx?.close();
});

describe('sign-in and sessions', () => {
  it('throttles sign-in attempts per address (429, Chinese message)', async () => {
    const strict = await startServer(fx.wh, 0, { loginLimit: 3, dashboardDir: join(tmpdir(), 'none') });
    try {
      const anon = new ApiClient(strict.url);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await anon.post('/api/auth/login', { username: 'leader', password: 'wrong' })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const last = await anon.post<{ error: { code: string; message: string } }>('/api/auth/login', {
        username: 'leader',
        password: DEMO_PASSWORD,
      });
      expect(last.body.error).toMatchObject({ code: 'TOO_MANY_LOGINS' });
      expect(last.body.error.message).toContain('登录尝试过于频繁');
    } finally {
      await strict.close();
    }
  });

  it('refuses a session whose expiry has passed', async () => {
    const client = await ApiClient.signIn(base, 'analyst');
    await fx.wh.run(
      `update meta.sessions set expires_at = now()::timestamp - interval 1 minute
       where username = 'analyst' and revoked_at is null`,
    );
    const res = await client.get<{ error: { code: string; message: string } }>('/api/years');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain('登录已过期');
  });

  it('sets Secure on the cookie over HTTPS (a proxy on loopback) or with FUNDTRAIL_SECURE_COOKIE=1, not else', async () => {
    const login = (headers: Record<string, string> = {}) =>
      fetch(new URL('/api/auth/login', base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
      }).then((r) => r.headers.get('set-cookie') ?? '');
    expect(await login()).not.toMatch(/;\s*Secure/i);
    expect(await login({ 'x-forwarded-proto': 'https' })).toMatch(/;\s*Secure/i);
    process.env['FUNDTRAIL_SECURE_COOKIE'] = '1';
    try {
      const cookie = await login();
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
    } finally {
      delete process.env['FUNDTRAIL_SECURE_COOKIE'];
    }
  });
});

describe('headers', () => {
  const expectHeaders = (h: Headers) => {
    const csp = h.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('x-frame-options')).toBe('DENY');
  };

  it('sends a Content-Security-Policy and the other headers on the API, errors and the dashboard', async () => {
    expectHeaders((await fetch(new URL('/api/health', base))).headers);
    expectHeaders((await fetch(new URL('/api/no-such-route', base))).headers);
    const dist = mkdtempSync(join(tmpdir(), 'fundtrail-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    const withDashboard = await startServer(fx.wh, 0, { dashboardDir: dist });
    try {
      for (const path of ['/', '/regions/580121']) {
        const res = await fetch(new URL(path, withDashboard.url));
        expect(res.status).toBe(200);
        expectHeaders(res.headers);
      }
    } finally {
      await withDashboard.close();
    }
  });
});

describe('masking of alerts', () => {
  type Alerts = { rows: { subject_type: string; subject_id: string; detail: string }[] };
  const ID = /\d{17}[\dX]/;

  it('masks the 身份证号 and accounts alerts name, except for 监控岗 and 专员办', async () => {
    const leader = await ApiClient.signIn(base, 'leader');
    const masked = (await leader.get<Alerts>('/api/alerts?page_size=1000')).body.rows;
    const people = masked.filter((a) => a.subject_type === 'person' || a.subject_type === 'account');
    expect(people.length).toBeGreaterThan(0);
    for (const a of masked) {
      expect(a.subject_id, a.detail).not.toMatch(ID);
      expect(a.detail).not.toMatch(ID);
      expect(a.detail).not.toMatch(/\d{15,}/);
    }
    const monitor = await ApiClient.signIn(base, 'monitor');
    const plain = (await monitor.get<Alerts>('/api/alerts?page_size=1000')).body.rows;
    expect(plain.some((a) => a.subject_type === 'person' && /^\d{17}[\dX]$/.test(a.subject_id))).toBe(true);
  });
});

describe('formula injection in the grid downloads', () => {
  it('writes a malicious name inert in the CSV and the XLSX of payments and people', async () => {
    const leader = await ApiClient.signIn(base, 'leader');
    const csv = await leader.get<Uint8Array>('/api/payments?region=580121&format=csv&columns=payment_id,name');
    const text = new TextDecoder().decode(csv.body);
    expect(text).toContain(`${payment},"'${MALICIOUS.replaceAll('"', '""')}"`);
    expect(text).not.toMatch(/,"?=/);
    const xlsx = await leader.get<Uint8Array>('/api/people?region=580121&year=2020&format=xlsx&columns=person_id,name');
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.body) as unknown as ArrayBuffer);
    const names: ExcelJS.CellValue[] = [];
    book.worksheets[0]!.eachRow((row) => names.push(row.getCell(2).value));
    expect(names).toContain(`'${CMD}`);
    expect(names.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
  });
});

describe('access log', () => {
  const logOf = async (as: string, query = ''): Promise<AccessLogResponse> => {
    const client = await ApiClient.signIn(base, as);
    const res = await client.get<AccessLogResponse>(`/api/audit/access-log?page_size=1000${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('records every unmasked view and every download with who, scope and rows; masked pages are not logged', async () => {
    const before = (await logOf('admin')).total_rows;
    const monitor = await ApiClient.signIn(base, 'monitor');
    const seen = await monitor.get<{ rows: unknown[] }>('/api/people?region=580121&page_size=7');
    // the same page again is another unmasked view (never answered from the response cache)
    const again = await monitor.get<{ rows: unknown[] }>('/api/people?region=580121&page_size=7');
    expect(again.headers.get('x-cache')).toBeNull();
    const leader = await ApiClient.signIn(base, 'leader');
    await leader.get('/api/people?region=580121&page_size=7');
    const csv = await leader.get('/api/payments?region=580121&format=csv');
    const log = await logOf('admin');
    expect(log.total_rows).toBe(before + 3);
    const [download, view, first] = log.rows;
    expect(first).toMatchObject({ username: 'monitor', action: 'unmasked_view' });
    expect(view).toMatchObject({
      username: 'monitor',
      role: 'monitor',
      channel: 'api',
      action: 'unmasked_view',
      target: 'GET /api/people',
      region_code: '580121',
      row_count: seen.body.rows.length,
      unmasked: true,
    });
    expect(download).toMatchObject({
      username: 'leader',
      action: 'download',
      target: 'GET /api/payments',
      region_code: '580121',
      row_count: Number(csv.headers.get('x-total-rows')),
      unmasked: false,
    });
  });

  it('is readable by 管理员 and 专员办审计 only, each within the own scope', async () => {
    for (const role of ['leader', 'monitor', 'analyst', 'entry']) {
      const client = await ApiClient.signIn(base, role);
      expect((await client.get('/api/audit/access-log')).status, role).toBe(403);
    }
    expect((await logOf('auditor')).rows.length).toBeGreaterThan(0);
    const county = await logOf('county2_auditor');
    expect(county.rows.filter((r) => r.region_code !== null && !r.region_code.startsWith('580122'))).toEqual([]);
  });
});

describe('audit package as a job', () => {
  async function waitFor(client: ApiClient, id: string): Promise<AuditJob> {
    for (let i = 0; i < 600; i++) {
      const res = await client.get<AuditJob>(`/api/audit/exports/${id}`);
      if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the audit job did not finish');
  }

  it('counts, writes and serves the package to its owner; logs the export and each download', async () => {
    const auditor = await ApiClient.signIn(base, 'auditor');
    const started = await auditor.post<AuditJob>('/api/audit/exports', {
      region: '580121',
      year: 2020,
      formats: ['csv'],
    });
    expect(started.status).toBe(202);
    expect(['counting', 'writing']).toContain(started.body.status);
    const job = await waitFor(auditor, started.body.id);
    expect(job.error).toBeNull();
    expect(job.status).toBe('done');
    expect(job.rows_done).toBe(job.rows_total);
    expect(job.tables.find((t) => t.name === 'payments')!.rows).toBeGreaterThan(0);
    expect(job.files.map((f) => f.path)).toContain('journal.csv');
    const file = await auditor.get<Uint8Array>(`/api/audit/exports/${job.id}/files/journal.csv`);
    expect(file.status).toBe(200);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.body.slice(0, 20))).toMatch(/^\uFEFFposting_id/);
    const manifest = await auditor.get<{ ledger: { head_hash: string } }>(
      `/api/audit/exports/${job.id}/files/manifest.json`,
    );
    expect(manifest.body.ledger.head_hash).toBe(job.head_hash);
    expect((await auditor.get(`/api/audit/exports/${job.id}/files/..%2Fdemo.duckdb`)).status).toBe(400);

    const other = await ApiClient.signIn(base, 'county2_auditor');
    expect((await other.get(`/api/audit/exports/${job.id}`)).status).toBe(404);
    expect((await other.get(`/api/audit/exports/${job.id}/files/journal.csv`)).status).toBe(404);
    const log = (await (await ApiClient.signIn(base, 'admin')).get<AccessLogResponse>('/api/audit/access-log')).body;
    expect(log.rows.slice(0, 3).map((r) => [r.username, r.action, r.target])).toEqual([
      ['auditor', 'download', 'GET /api/audit/exports/{id}/files/manifest.json'],
      ['auditor', 'download', 'GET /api/audit/exports/{id}/files/journal.csv'],
      ['auditor', 'export', 'POST /api/audit/exports'],
    ]);
  });

  it('deletes a finished package after the retention time', async () => {
    process.env['FUNDTRAIL_AUDIT_RETENTION_HOURS'] = String(1 / 3600);
    try {
      const auditor = await ApiClient.signIn(base, 'auditor');
      const started = await auditor.post<AuditJob>('/api/audit/exports', {
        region: '580122',
        year: 2020,
        formats: ['csv'],
      });
      const job = await waitFor(auditor, started.body.id);
      expect(job.status).toBe('done');
      const dir = join(fx.wh.path, '..', 'audit-exports', job.id);
      expect(existsSync(dir)).toBe(true);
      await new Promise((r) => setTimeout(r, 1500));
      const later = await auditor.get<AuditJob>(`/api/audit/exports/${job.id}`);
      expect(later.body).toMatchObject({ status: 'expired', files: [] });
      expect((await auditor.get(`/api/audit/exports/${job.id}/files/journal.csv`)).status).toBe(404);
      expect(existsSync(dir)).toBe(false);
    } finally {
      delete process.env['FUNDTRAIL_AUDIT_RETENTION_HOURS'];
    }
  });

  it('refuses roles other than 管理员 and 专员办审计, and a region outside the scope', async () => {
    const leader = await ApiClient.signIn(base, 'leader');
    expect((await leader.post('/api/audit/exports', { region: '580121', year: 2020 })).status).toBe(403);
    const county = await ApiClient.signIn(base, 'county2_auditor');
    expect((await county.post('/api/audit/exports', { region: '580121', year: 2020 })).status).toBe(403);
  });
});
