/**
 * Who gets in and what they see: sign-in failures, the session cookie and CSRF token, role checks, the region
 * scope on every route of the OpenAPI document (a county user asking for another county by path, query or
 * id), masking of 身份证号 and account numbers per role, and validation errors that name every bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, demoApi, type ApiFixture } from './api.fixture.ts';
import { addUser, disableUser } from '../../server/auth/users.repository.ts';
import { DEMO_PASSWORD } from '../../server/auth/demo.users.ts';
import { isWholeTree } from '../../server/api/region.scope.ts';

let fx: ApiFixture;
let base: string;
/** ids of the other county (580121), read from the demo */
const other = { county: '580121', doc: '', project: '', alert: 0, personRef: '', village: '', signoff: 0, payment: '' };
/** users of county 580122 in every role a POST route may ask for (the POST walk signs in as one allowed) */
const COUNTY_ROLES = ['entry', 'review', 'monitor', 'auditor', 'admin'] as const;

beforeAll(async () => {
  fx = await demoApi();
  base = fx.server.url;
  const wh = fx.wh;
  other.doc = await wh.value<string>(
    `select min(doc_id) from ledger.documents where region_code = '580121' and txn_code = 'T04'`,
  );
  other.project = await wh.value<string>(
    `select min(project_code) from marts.project_library where region_code = '580121'`,
  );
  other.alert = await wh.value<number>(
    `select min(alert_id) from monitoring.alerts where region_code in
       (select code from marts.region_closure where ancestor_code = '580121')`,
  );
  other.payment = await wh.value<string>(
    `select min(payment_id) from marts.payments where village_code like '580121%'`,
  );
  other.village = await wh.value<string>(
    `select min(village_code) from marts.person_payments where village_code like '580121%'`,
  );
  const leader = await ApiClient.signIn(base, 'leader');
  const people = await leader.get<{ rows: { person_ref: string }[] }>(`/api/people?region=580121&page_size=1`);
  other.personRef = people.body.rows[0]!.person_ref;
  for (const role of COUNTY_ROLES) {
    await addUser(wh, {
      username: `county2_${role}`,
      display_name: `另一县 ${role}`,
      password: DEMO_PASSWORD,
      role,
      region_code: '580122',
    });
  }
  // a 签报 of the other county (entered by its own 录入岗)
  const entry = await ApiClient.signIn(base, 'entry');
  const created = await entry.post<{ signoff: { signoff_id: number } }>('/api/signoffs', {
    document: otherCountyDocument('580121-2020-T04-SCOPE'),
  });
  other.signoff = created.body.signoff.signoff_id;
}, 180_000);

/** A T04 document of the other county (its source need not pass: the scope check comes first). */
function otherCountyDocument(docId: string): Record<string, unknown> {
  return {
    doc_id: docId,
    txn_code: 'T04',
    region_code: other.county,
    budget_year: 2020,
    doc_date: '2020-06-01',
    doc_no: '测试〔2020〕1号',
    source_doc_id: other.doc,
    project_code: other.project,
    project_name: '测试项目',
    func_subject: '2130505',
    amount: 100_00,
  };
}

afterAll(async () => {
  await fx?.close();
});

describe('sign-in', () => {
  it('refuses a wrong password, an unknown user and a disabled user alike, with a JSON error', async () => {
    const anon = new ApiClient(base);
    for (const body of [
      { username: 'leader', password: 'wrong-password' },
      { username: 'nobody', password: 'fundtrail-demo' },
    ]) {
      const res = await anon.post<{ error: { code: string } }>('/api/auth/login', body);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('LOGIN_FAILED');
    }
    const before = await ApiClient.signIn(base, 'analyst');
    expect((await before.get('/api/years')).status).toBe(200);
    await disableUser(fx.wh, 'analyst');
    expect((await before.get('/api/years')).status).toBe(401);
    const res = await anon.post<{ error: { code: string } }>('/api/auth/login', {
      username: 'analyst',
      password: 'fundtrail-demo',
    });
    expect(res.status).toBe(401);
  });

  it('sets an httpOnly, SameSite=Strict, signed session cookie and answers /me with the user and region', async () => {
    const res = await fetch(new URL('/api/auth/login', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'county_leader', password: 'fundtrail-demo' }),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^ft_session=s%3A/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await (
      await ApiClient.signIn(base, 'county_leader')
    ).get<{ user: { region_code: string; role: string } }>('/api/auth/me');
    expect(me.body.user).toMatchObject({ region_code: '580122', role: 'leader' });
  });

  it('needs a session for everything but login; a tampered or signed-out cookie is refused', async () => {
    expect((await new ApiClient(base).get('/api/years')).status).toBe(401);
    const client = await ApiClient.signIn(base, 'leader');
    expect((await client.get('/api/years')).status).toBe(200);
    const good = client.sessionCookie;
    client.sessionCookie = good.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await client.get('/api/years')).status).toBe(401);
    client.sessionCookie = good;
    expect((await client.post('/api/auth/logout', {})).status).toBe(200);
    client.sessionCookie = good;
    expect((await client.get('/api/years')).status).toBe(401);
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const client = await ApiClient.signIn(base, 'entry');
    client.csrf = '';
    const res = await client.post<{ error: { code: string } }>('/api/signoffs', { document: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_TOKEN');
  });

  it('checks roles: a leader cannot enter a 签报', async () => {
    const leader = await ApiClient.signIn(base, 'leader');
    const res = await leader.post<{ error: { code: string; message: string } }>('/api/signoffs', { document: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('领导查看');
  });
});

describe('validation', () => {
  it('names every bad input with its path', async () => {
    const client = await ApiClient.signIn(base, 'leader');
    const res = await client.get<{ error: { code: string; issues: { path: string }[] } }>(
      '/api/documents?page_size=5000&txn=T99&year=abc',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.issues.map((i) => i.path).sort()).toEqual(['query.page_size', 'query.txn', 'query.year']);
  });

  it('answers an unknown region with 404 and bad JSON with 400', async () => {
    const client = await ApiClient.signIn(base, 'leader');
    expect((await client.get('/api/regions/999999/children')).status).toBe(404);
    const res = await fetch(new URL('/api/auth/login', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_JSON');
  });
});

/** Every GET route of the OpenAPI document, asked by a user of county 580122 for county 580121. */
function scopeCases(): Record<string, { path: string; expect: 'forbidden' | 'not_found' | 'empty' }[]> {
  return {
    '/api/auth/me': [],
    '/api/years': [],
    '/api/overview': [{ path: `/api/overview?region=${other.county}`, expect: 'forbidden' }],
    '/api/regions/{code}/children': [{ path: `/api/regions/${other.county}/children`, expect: 'forbidden' }],
    '/api/regions/{code}/funds': [{ path: `/api/regions/${other.county}/funds`, expect: 'forbidden' }],
    '/api/sankey': [{ path: `/api/sankey?region=${other.county}`, expect: 'forbidden' }],
    '/api/documents': [
      { path: `/api/documents?region=${other.county}`, expect: 'forbidden' },
      { path: `/api/documents?project=${other.project}`, expect: 'empty' },
    ],
    '/api/documents/{id}': [{ path: `/api/documents/${other.doc}`, expect: 'not_found' }],
    '/api/trace/fund': [{ path: `/api/trace/fund?region=${other.county}&fund=XJFP&year=2020`, expect: 'forbidden' }],
    '/api/projects': [
      { path: `/api/projects?region=${other.county}`, expect: 'forbidden' },
      { path: `/api/projects?q=${other.project}`, expect: 'empty' },
    ],
    '/api/projects/{code}': [{ path: `/api/projects/${other.project}`, expect: 'not_found' }],
    '/api/people': [
      { path: `/api/people?region=${other.village}`, expect: 'forbidden' },
      { path: `/api/people?project=${other.project}&year=2020`, expect: 'empty' },
    ],
    '/api/payments': [
      { path: `/api/payments?region=${other.county}`, expect: 'forbidden' },
      { path: `/api/payments?person_ref=${other.personRef}`, expect: 'empty' },
      { path: `/api/payments?project=${other.project}`, expect: 'empty' },
      { path: `/api/payments?doc=${other.doc}`, expect: 'empty' },
      { path: `/api/payments?payment=${other.payment}`, expect: 'empty' },
    ],
    '/api/interlock': [{ path: `/api/interlock?region=${other.county}`, expect: 'forbidden' }],
    '/api/signoffs': [],
    '/api/signoffs/{id}': [],
    '/api/alerts': [{ path: `/api/alerts?region=${other.county}`, expect: 'forbidden' }],
    '/api/alerts/{id}': [{ path: `/api/alerts/${other.alert}`, expect: 'not_found' }],
    '/api/reports/catalogue': [],
    '/api/reports/templates': [],
    '/api/reports/templates/{id}': [],
    '/api/reports/render': [
      {
        path: `/api/reports/render?template=allocation-progress&year=2020&region=${other.county}`,
        expect: 'forbidden',
      },
      {
        path: `/api/reports/render?template=direct-payments&year=2020&region=${other.county}&format=xlsx`,
        expect: 'forbidden',
      },
    ],
    '/api/collections': [],
    '/api/collections/{id}': [{ path: '/api/collections/999999', expect: 'not_found' }],
    '/api/collections/{id}/report': [{ path: '/api/collections/999999/report', expect: 'not_found' }],
    '/api/alerts/{id}/attachments/{attachment}': [
      { path: `/api/alerts/${other.alert}/attachments/1`, expect: 'not_found' },
    ],
    // 管理员 and 专员办审计 only (a leader is refused); a job is its owner's only and the access log lists the
    // user's scope: test/server/api.security.test.ts asks as an auditor of this county for the other's
    '/api/audit/exports': [{ path: '/api/audit/exports', expect: 'forbidden' }],
    '/api/audit/exports/{id}': [{ path: `/api/audit/exports/${'0'.repeat(24)}`, expect: 'forbidden' }],
    '/api/audit/exports/{id}/files/{file}': [
      { path: `/api/audit/exports/${'0'.repeat(24)}/files/journal.csv`, expect: 'forbidden' },
    ],
    '/api/audit/access-log': [{ path: '/api/audit/access-log', expect: 'forbidden' }],
  };
}

/**
 * Every POST route of the OpenAPI document, sent by a user of county 580122 in a role the route allows, with a
 * body or path naming county 580121's things: refused (403 outside the scope, 404 not found in it).
 */
function postCases(): Record<string, { path: string; body: unknown; expect: 'forbidden' | 'not_found' }[]> {
  return {
    // sign-in and sign-out name no region
    '/api/auth/login': [],
    '/api/auth/logout': [],
    '/api/signoffs': [
      { path: '/api/signoffs', body: { document: otherCountyDocument('580121-2020-T04-WALK') }, expect: 'forbidden' },
    ],
    '/api/signoffs/{id}/review': [{ path: `/api/signoffs/${other.signoff}/review`, body: {}, expect: 'not_found' }],
    '/api/signoffs/{id}/issue': [{ path: `/api/signoffs/${other.signoff}/issue`, body: {}, expect: 'not_found' }],
    '/api/signoffs/{id}/return': [
      { path: `/api/signoffs/${other.signoff}/return`, body: { comment: '退回' }, expect: 'not_found' },
    ],
    '/api/alerts/{id}/transition': [
      {
        path: `/api/alerts/${other.alert}/transition`,
        body: { action: 'settle', comment: '办结' },
        expect: 'not_found',
      },
    ],
    // a saved template names no region; previews, tasks and their steps do
    '/api/reports/templates': [],
    '/api/reports/preview': [
      {
        path: '/api/reports/preview',
        body: {
          text: 'id: walk\ntitle: 试\nrows: { dimension: fund }\ncolumns:\n  - { key: a, header: A, measure: ledger.paid }\n',
          region: other.county,
          year: 2020,
        },
        expect: 'forbidden',
      },
    ],
    '/api/collections': [
      {
        path: '/api/collections',
        body: { title: '越权下发', template: 'project-collection', year: 2020, regions: [other.county] },
        expect: 'forbidden',
      },
    ],
    '/api/collections/{id}/forward': [
      { path: '/api/collections/999999/forward', body: { regions: [other.county] }, expect: 'not_found' },
    ],
    '/api/collections/{id}/cells': [
      { path: '/api/collections/999999/cells', body: { department: '扶贫办', cells: [] }, expect: 'not_found' },
    ],
    '/api/collections/{id}/import': [
      {
        path: '/api/collections/999999/import',
        body: { department: '扶贫办', file_base64: 'AA==' },
        expect: 'not_found',
      },
    ],
    '/api/collections/{id}/submit': [
      { path: '/api/collections/999999/submit', body: { department: '扶贫办' }, expect: 'not_found' },
    ],
    '/api/collections/{id}/review': [
      { path: '/api/collections/999999/review', body: { region: other.county, decision: '通过' }, expect: 'not_found' },
    ],
    '/api/audit/exports': [
      { path: '/api/audit/exports', body: { region: other.county, year: 2020 }, expect: 'forbidden' },
      { path: '/api/audit/exports', body: { region: other.village, year: 2020 }, expect: 'forbidden' },
    ],
  };
}

describe('region scope', () => {
  it('covers every GET route of the OpenAPI document', async () => {
    const doc = (await (await fetch(new URL('/api/openapi.json', base))).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const gets = Object.entries(doc.paths)
      .filter(([, ops]) => 'get' in ops)
      .map(([p]) => p)
      .sort();
    expect(gets).toEqual(Object.keys(scopeCases()).sort());
  });

  it('covers every POST route of the OpenAPI document', async () => {
    const doc = (await (await fetch(new URL('/api/openapi.json', base))).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const posts = Object.entries(doc.paths)
      .filter(([, ops]) => 'post' in ops)
      .map(([p]) => p)
      .sort();
    expect(posts).toEqual(Object.keys(postCases()).sort());
  });

  it('keeps a county user out of another county through every POST route, in a role the route allows', async () => {
    const doc = (await (await fetch(new URL('/api/openapi.json', base))).json()) as {
      paths: Record<string, { post?: { 'x-roles'?: string[] | 'any' } }>;
    };
    for (const [path, cases] of Object.entries(postCases())) {
      const roles = doc.paths[path]?.post?.['x-roles'];
      const role = COUNTY_ROLES.find((r) => roles === 'any' || roles === undefined || roles.includes(r))!;
      const client = await ApiClient.signIn(base, `county2_${role}`);
      for (const c of cases) {
        const res = await client.post<{ error?: { code: string } }>(c.path, c.body);
        expect(res.status, `${c.path} as ${role}: ${JSON.stringify(res.body)}`).toBe(
          { forbidden: 403, not_found: 404 }[c.expect],
        );
      }
    }
    // nothing of the other county was created or changed
    expect(await fx.wh.value<number>(`select count(*) from meta.signoffs where doc_id = '580121-2020-T04-WALK'`)).toBe(
      0,
    );
  });

  it('keeps a county user out of another county through every route and parameter', async () => {
    const county = await ApiClient.signIn(base, 'county_leader');
    for (const cases of Object.values(scopeCases())) {
      for (const c of cases) {
        const res = await county.get<{ rows?: unknown[]; total_rows?: number }>(c.path);
        const expected = { forbidden: 403, not_found: 404, empty: 200 }[c.expect];
        expect(res.status, c.path).toBe(expected);
        if (c.expect === 'empty') {
          expect(res.body.rows, c.path).toEqual([]);
        }
      }
    }
  });

  it('lets the same user read the own county, and a leader of 中央 read both', async () => {
    const county = await ApiClient.signIn(base, 'county_leader');
    expect((await county.get('/api/regions/580122/children')).status).toBe(200);
    const leader = await ApiClient.signIn(base, 'leader');
    expect((await leader.get(`/api/documents/${other.doc}`)).status).toBe(200);
    expect((await leader.get(`/api/projects/${other.project}`)).status).toBe(200);
  });
});

describe('a scope of the whole region tree', () => {
  type Totals = { total_rows: number };
  it('reads without the closure for 中央 the rows the closure gives, and keeps the closure for a province', async () => {
    const wh = fx.wh;
    expect(isWholeTree('580000')).toBe(false);
    const leader = await ApiClient.signIn(base, 'leader');
    const docs = await leader.get<Totals>('/api/documents?year=2020&page_size=1');
    expect(isWholeTree('100000')).toBe(true);
    const throughClosure = await wh.value<number>(
      `select count(*) from marts.document_trace where budget_year = 2020
         and region_code in (select code from marts.region_closure where ancestor_code = '100000')`,
    );
    expect(docs.body.total_rows).toBe(Number(throughClosure));
    const people = await leader.get<Totals>('/api/people?year=2020&page_size=1');
    const peopleThroughClosure = await wh.value<number>(
      `select count(*) from marts.person_payments where pay_year = 2020
         and village_code in (select code from marts.region_closure where ancestor_code = '100000')`,
    );
    expect(people.body.total_rows).toBe(Number(peopleThroughClosure));
    // a province user's lists still go through the closure: the province's own documents only
    const provinceUser = await ApiClient.signIn(base, 'monitor');
    const own = await provinceUser.get<Totals>('/api/documents?year=2020&page_size=1');
    const province = await wh.value<number>(
      `select count(*) from marts.document_trace where budget_year = 2020
         and region_code in (select code from marts.region_closure where ancestor_code = '580000')`,
    );
    expect(own.body.total_rows).toBe(Number(province));
    expect(own.body.total_rows).toBeLessThan(docs.body.total_rows);
  });
});

describe('masking', () => {
  type People = { rows: { person_id: string; person_ref: string }[] };
  type Payments = { rows: { person_id: string; account_no: string | null }[] };

  it('masks 身份证号 and account numbers for a leader, not for 监控岗 or 专员办', async () => {
    const leader = await ApiClient.signIn(base, 'leader');
    const people = await leader.get<People>('/api/people?region=580121&page_size=5&sort=person_id');
    for (const p of people.body.rows) expect(p.person_id).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const pays = await leader.get<Payments>(`/api/payments?person_ref=${people.body.rows[0]!.person_ref}&page_size=3`);
    for (const p of pays.body.rows) {
      expect(p.person_id).toContain('*');
      expect(p.account_no).toMatch(/^\*+\d{4}$/);
    }
    for (const role of ['monitor', 'auditor']) {
      const client = await ApiClient.signIn(base, role);
      const plain = await client.get<People>('/api/people?region=580121&page_size=5&sort=person_id');
      for (const p of plain.body.rows) expect(p.person_id).toMatch(/^\d{17}[\dX]$/);
      const accounts = await client.get<Payments>(
        `/api/payments?person_ref=${plain.body.rows[0]!.person_ref}&page_size=3`,
      );
      for (const p of accounts.body.rows) expect(p.account_no).toMatch(/^\d{10,}$/);
    }
  });

  it('masks the downloads of the grids too', async () => {
    const leader = await ApiClient.signIn(base, 'leader');
    const csv = await leader.get<Uint8Array>(
      '/api/payments?region=580121&format=csv&columns=payment_id,person_id,account_no,paid',
    );
    expect(csv.status).toBe(200);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.body).split('\r\n');
    expect(lines[0]).toBe('\uFEFFpayment_id,person_id,account_no,paid');
    expect(lines[1]).toMatch(/^[^,]+,\d{6}\*+[\dX]{4},\*+\d{4},\d+\.\d{2}$/);
  });

  it('does not let a masked user search people by id', async () => {
    const leader = await ApiClient.signIn(base, 'leader');
    const monitor = await ApiClient.signIn(base, 'monitor');
    const prefix = other.village.slice(0, 6);
    const byMonitor = await monitor.get<{ total_rows: number }>(`/api/people?region=580121&q=${prefix}`);
    const byLeader = await leader.get<{ total_rows: number }>(`/api/people?region=580121&q=${prefix}`);
    expect(byMonitor.body.total_rows).toBeGreaterThan(0);
    expect(byLeader.body.total_rows).toBe(0);
  });
});
