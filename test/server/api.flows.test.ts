/**
 * The API's figures and flows on the demo: the drill's children and 本级 add up to their parent at every
 * level, funds add up to the region, a project's people add up to its payment detail and a person's payments
 * to the person; grids answer Arrow IPC with the same rows as JSON; a 签报 goes 录入 → 审核 → 签发 and its
 * document then shows in the trace; alerts are handled through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { readFileSync } from 'node:fs';
import { ApiClient, demoApi, type ApiFixture } from './api.fixture.ts';
import { MARTS_TYPES_FILE, generateMartsTypes } from '../../models/runner/marts-types.generator.ts';
import { findDocumentDetail, treeOf } from '../../server/api/documents.repository.ts';
import type {
  AlertDetailResponse,
  AlertsResponse,
  DocumentDetailResponse,
  DocumentsResponse,
  PaymentsResponse,
  PeopleResponse,
  ProjectDetailResponse,
  RegionChildrenResponse,
  RegionFundsResponse,
  ScopeFigures,
  SignoffDetailResponse,
} from '../../server/api/api.types.ts';

let fx: ApiFixture;
let leader: ApiClient;

beforeAll(async () => {
  fx = await demoApi();
  leader = await ApiClient.signIn(fx.server.url, 'leader');
}, 180_000);

afterAll(async () => {
  await fx?.close();
});

const ADDITIVE = ['funds', 'allocated', 'paid', 'undistributed'] as const;

function sumOf(rows: ScopeFigures[]): Record<(typeof ADDITIVE)[number], number> {
  return Object.fromEntries(ADDITIVE.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)])) as never;
}

describe('typed marts', () => {
  it('warehouse/marts.types.ts is what the generator writes for the built models (regenerate it when a mart changes)', async () => {
    const normalise = (t: string): string => t.replace(/\s+/g, ' ').replace(/,\s*}/g, ' }');
    expect(normalise(await generateMartsTypes(fx.wh))).toBe(normalise(readFileSync(MARTS_TYPES_FILE, 'utf8')));
  });
});

describe('drill-down figures', () => {
  it('children + 本级 = parent at every level from 中央 down to the counties', async () => {
    const queue = ['100000'];
    let levels = 0;
    while (queue.length > 0) {
      const code = queue.shift()!;
      const res = await leader.get<RegionChildrenResponse>(`/api/regions/${code}/children?year=2020`);
      expect(res.status).toBe(200);
      const { total, rows } = res.body;
      expect(rows.filter((r) => r.is_own)).toHaveLength(1);
      const sums = sumOf(rows);
      for (const k of ADDITIVE) expect(sums[k], `${code} ${k}`).toBe(total[k]);
      levels += 1;
      for (const r of rows)
        if (!r.is_own && r.has_children && ['province', 'city'].includes(r.region.level)) queue.push(r.region.code);
    }
    expect(levels).toBeGreaterThanOrEqual(3);
  });

  it('funds add up to the region, and the overview agrees with the drill', async () => {
    const funds = await leader.get<RegionFundsResponse>('/api/regions/580000/funds?year=2020');
    const sums = sumOf(funds.body.rows);
    for (const k of ADDITIVE) expect(sums[k]).toBe(funds.body.total[k]);
    const overview = await leader.get<{ figures: ScopeFigures }>('/api/overview?region=580000&year=2020');
    expect(overview.body.figures).toEqual(funds.body.total);
    expect(funds.body.total.paid).toBeGreaterThan(0);
  });

  it("a project's people add up to its payment detail, a person's payments to the person", async () => {
    const code = await fx.wh.value<string>(
      `select project_code from marts.payments where pay_year = 2020 group by 1 order by count(*) desc limit 1`,
    );
    const project = await leader.get<ProjectDetailResponse>(`/api/projects/${code}?year=2020`);
    let paidSoFar = 0;
    let page = 1;
    let people: { body: PeopleResponse } | undefined;
    do {
      people = await leader.get<PeopleResponse>(`/api/people?project=${code}&year=2020&page_size=500&page=${page}`);
      paidSoFar += people.body.rows.reduce((s, p) => s + p.paid, 0);
      page += 1;
    } while (people.body.rows.length === 500);
    expect(people.body.total_rows).toBe(project.body.payments.people);
    expect(people.body.total_paid).toBe(project.body.payments.paid);
    expect(paidSoFar).toBe(project.body.payments.paid);
    const person = people.body.rows[0]!;
    const pays = await leader.get<PaymentsResponse>(
      `/api/payments?person_ref=${person.person_ref}&project=${code}&year=2020`,
    );
    expect(pays.body.rows.reduce((s, p) => s + p.paid, 0)).toBe(person.paid);
    expect(pays.body.total_rows).toBe(person.payments);
  });

  it('answers the grids as Arrow IPC with the rows and totals of the JSON answer', async () => {
    const path = '/api/payments?region=580121&page_size=50&sort=paid&dir=desc';
    const json = await leader.get<PaymentsResponse>(path);
    const arrow = await leader.get<Uint8Array>(path, { accept: 'application/vnd.apache.arrow.stream' });
    expect(arrow.headers.get('content-type')).toContain('application/vnd.apache.arrow.stream');
    expect(Number(arrow.headers.get('x-total-rows'))).toBe(json.body.total_rows);
    const table = tableFromIPC(arrow.body);
    expect(table.numRows).toBe(50);
    const ids = table.getChild('payment_id')!.toArray() as string[];
    expect([...ids]).toEqual(json.body.rows.map((r) => r.payment_id));
    expect(Number(table.getChild('paid')!.get(0))).toBe(json.body.rows[0]!.paid);
  });
});

describe('downloads', () => {
  it('writes the people grid as XLSX and CSV, 登记 as 是/否', async () => {
    const path = '/api/people?region=580121&columns=person_id,name,registered,paid&format=';
    const xlsx = await leader.get<Uint8Array>(`${path}xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(new TextDecoder().decode(xlsx.body.slice(0, 2))).toBe('PK');
    const csv = await leader.get<Uint8Array>(`${path}csv`);
    const lines = new TextDecoder().decode(csv.body).trim().split('\r\n');
    expect(lines[0]).toBe('person_id,name,registered,paid');
    expect(lines.slice(1).every((l) => /,(是|否|),\d+\.\d{2}$/.test(l))).toBe(true);
    expect(Number(xlsx.headers.get('x-total-rows'))).toBe(lines.length - 1);
  });
});

describe('签报', () => {
  it('goes 录入 → 审核 → 签发 through the ledger engine and shows in the trace', async () => {
    const base = fx.server.url;
    const transfer = await fx.wh.one<{ doc_id: string; to_region: string; in_transit: number; fund: string }>(
      `select i.doc_id, i.to_region, i.in_transit, f.fund_code as fund
       from marts.interlock as i
       join staging.stg_raw__funds as f on f.region_code = i.to_region and f.upper_fund_code = i.fund_code
       where i.in_transit > 0 and i.to_region = '580121' order by i.doc_id limit 1`,
    );
    expect(transfer).toBeDefined();
    const entry = await ApiClient.signIn(base, 'entry');
    const review = await ApiClient.signIn(base, 'review');
    const document = {
      doc_id: '580121-2020-T01-TEST1',
      txn_code: 'T01',
      region_code: '580121',
      budget_year: 2020,
      doc_date: '2020-12-20',
      doc_no: '北坡财农〔2020〕91号',
      source_doc_id: transfer!.doc_id,
      fund_code: transfer!.fund,
      amount: transfer!.in_transit,
    };
    const created = await entry.post<SignoffDetailResponse>('/api/signoffs', { document });
    expect(created.status).toBe(200);
    const { signoff, preview } = created.body;
    expect(signoff.status).toBe('draft');
    expect(preview.ok).toBe(true);
    expect(preview.source?.doc_id).toBe(transfer!.doc_id);
    expect(preview.postings.reduce((s, p) => s + p.debit - p.credit, 0)).toBe(0);
    expect(preview.postings.map((p) => p.account_code).sort()).toEqual(['1001', '1001', '4001', '5001']);
    // nothing is posted before 签发
    expect(
      await fx.wh.value<number>(`select count(*) from ledger.documents where doc_id = $1`, [document.doc_id]),
    ).toBe(0);

    expect((await entry.post(`/api/signoffs/${signoff.signoff_id}/review`, {})).status).toBe(403);
    expect((await review.post(`/api/signoffs/${signoff.signoff_id}/issue`, {})).status).toBe(409);
    const reviewed = await review.post<SignoffDetailResponse>(`/api/signoffs/${signoff.signoff_id}/review`, {
      comment: '同意',
    });
    expect(reviewed.body.signoff.status).toBe('reviewed');
    const issued = await review.post<SignoffDetailResponse>(`/api/signoffs/${signoff.signoff_id}/issue`, {});
    expect(issued.status).toBe(200);
    expect(issued.body.signoff.status).toBe('issued');
    expect(issued.body.preview.postings.map((p) => p.posting_id)).toHaveLength(4);

    const trace = await leader.get<DocumentDetailResponse>(`/api/documents/${document.doc_id}`);
    expect(trace.status).toBe(200);
    expect(trace.body.ancestors.map((a) => a.doc_id)).toContain(transfer!.doc_id);
    expect(trace.body.document.effective).toBe(transfer!.in_transit);
  });

  it('refuses at 签发 what the engine refuses, and records why', async () => {
    const base = fx.server.url;
    const entry = await ApiClient.signIn(base, 'entry');
    const review = await ApiClient.signIn(base, 'review');
    const source = await fx.wh.value<string>(
      `select min(doc_id) from ledger.documents where region_code = '580121' and txn_code = 'T01'`,
    );
    const created = await entry.post<SignoffDetailResponse>('/api/signoffs', {
      document: {
        doc_id: '580121-2020-T04-TEST2',
        txn_code: 'T04',
        region_code: '580121',
        budget_year: 2019,
        doc_date: '2019-12-20',
        doc_no: '北坡财农〔2019〕99号',
        source_doc_id: source,
        project_code: 'XM-NEW',
        project_name: '北坡县坝场村产业路建设项目',
        func_subject: '2130505',
        amount: 10_000_000_000_00,
      },
    });
    expect(created.body.preview.ok).toBe(false);
    expect(created.body.preview.reasons[0]!.message).toMatch(/规则/);
    const id = created.body.signoff.signoff_id;
    await review.post(`/api/signoffs/${id}/review`, {});
    const issued = await review.post<{ error: { code: string; message: string } }>(`/api/signoffs/${id}/issue`, {});
    expect(issued.status).toBe(422);
    expect(issued.body.error.message).toContain('记账被拒');
    const after = await review.get<SignoffDetailResponse>(`/api/signoffs/${id}`);
    expect(after.body.signoff.status).toBe('rejected');
    expect(after.body.signoff.steps.at(-1)?.comment).toMatch(/规则/);
  });
});

describe('alert subjects', () => {
  it('open the rows behind a person, account or payment alert, also for a masked user', async () => {
    const leader2 = await ApiClient.signIn(fx.server.url, 'leader');
    const firstOf = (type: string): Promise<number> =>
      fx.wh.value<number>(`select min(alert_id) from monitoring.alerts where subject_type = $1`, [type]);
    for (const type of ['person', 'account']) {
      const id = await firstOf(type);
      const detail = await leader2.get<AlertDetailResponse>(`/api/alerts/${id}`);
      expect(detail.body.subject_ref, type).toBeTruthy();
      const param = type === 'person' ? 'person_ref' : 'account_ref';
      const pays = await leader2.get<PaymentsResponse>(`/api/payments?${param}=${detail.body.subject_ref}`);
      expect(pays.status, type).toBe(200);
      expect(pays.body.total_rows, type).toBeGreaterThan(0);
      for (const p of pays.body.rows) expect(p.account_no ?? '').not.toMatch(/^\d{10,}$/);
    }
    const paymentAlert = await fx.wh.one<{ alert_id: number; subject_id: string }>(
      `select alert_id, subject_id from monitoring.alerts where subject_type = 'payment' order by alert_id limit 1`,
    );
    const one = await leader2.get<PaymentsResponse>(`/api/payments?payment=${paymentAlert!.subject_id}`);
    expect(one.body.rows.map((r) => r.payment_id)).toEqual([paymentAlert!.subject_id]);
    const docAlert = await firstOf('document');
    expect((await leader2.get<AlertDetailResponse>(`/api/alerts/${docAlert}`)).body.subject_ref).toBeNull();
    // a person reference does not open an account's payments, nor the other way round
    const personRef = (await leader2.get<AlertDetailResponse>(`/api/alerts/${await firstOf('person')}`)).body
      .subject_ref;
    expect((await leader2.get(`/api/payments?account_ref=${personRef}`)).status).toBe(400);
  });
});

describe('alerts', () => {
  it('lists alerts of the scope and handles one: 说明 by the county, 办结 by 监控岗', async () => {
    const review = await ApiClient.signIn(fx.server.url, 'review');
    const monitor = await ApiClient.signIn(fx.server.url, 'monitor');
    const overview = async (): Promise<{ cache: string | null; open: number }> => {
      const res = await review.get<{ alerts: { open: number }[] }>('/api/overview');
      return { cache: res.headers.get('x-cache'), open: res.body.alerts.reduce((s, a) => s + a.open, 0) };
    };
    const before = await overview();
    const again = await overview();
    expect(again).toEqual({ cache: 'hit', open: before.open });
    const open = await review.get<AlertsResponse>('/api/alerts?status=待核实,已说明&page_size=1');
    expect(open.body.total_rows).toBe(before.open);
    const list = await review.get<AlertsResponse>('/api/alerts?level=yellow&status=待核实');
    expect(list.status).toBe(200);
    expect(list.body.total_rows).toBeGreaterThan(0);
    for (const a of list.body.rows) expect(a.region_code.startsWith('580121')).toBe(true);
    const alert = list.body.rows[0]!;
    const detail = await review.get<AlertDetailResponse>(`/api/alerts/${alert.alert_id}`);
    expect(detail.body.actions).toEqual(['explain']);
    expect((await monitor.post(`/api/alerts/${alert.alert_id}/transition`, { action: 'settle' })).status).toBe(400);
    const explained = await review.post<AlertDetailResponse>(`/api/alerts/${alert.alert_id}/transition`, {
      action: 'explain',
      comment: '已核实, 补录文号',
    });
    expect(explained.status).toBe(200);
    expect(explained.body.alert.status).toBe('已说明');
    expect((await review.post(`/api/alerts/${alert.alert_id}/transition`, { action: 'settle' })).status).toBe(403);
    const settled = await monitor.post<AlertDetailResponse>(`/api/alerts/${alert.alert_id}/transition`, {
      action: 'settle',
    });
    expect(settled.body.alert.status).toBe('已办结');
    // the handling changed the warehouse: the overview is computed again and counts one open alert less
    expect(await overview()).toEqual({ cache: 'miss', open: before.open - 1 });
    expect(settled.body.events.map((e) => e.actor)).toEqual(expect.arrayContaining(['review', 'monitor']));
  });
});

describe('documents from their cards (marts.document_cards, marts.scope_documents)', () => {
  /** A document's sources and subtree computed from marts.document_trace and the closure, in tree order. */
  async function expectedTree(docId: string, scopeRoot: string): Promise<{ up: string[]; down: string[] }> {
    const rows = await fx.wh.all<{ doc_id: string; part: number }>(
      `with x as (select doc_id, sort_path from marts.document_trace where doc_id = $1)
       select t.doc_id, case when list_contains(x.sort_path, t.doc_id) then 0 else 1 end as part
       from marts.document_trace as t, x
       where (list_contains(x.sort_path, t.doc_id) or (t.doc_id <> x.doc_id and list_contains(t.sort_path, x.doc_id)))
         and t.region_code in (select code from marts.region_closure where ancestor_code = $2)
         and t.region_code in (select code from marts.regions)
       order by t.sort_path`,
      [docId, scopeRoot],
    );
    return {
      up: rows.filter((r) => r.part === 0).map((r) => r.doc_id),
      down: rows.filter((r) => r.part === 1).map((r) => r.doc_id),
    };
  }

  it('shows each document with the sources and the subtree the trace gives it, within the scope', async () => {
    const county = await ApiClient.signIn(fx.server.url, 'county_leader'); // 580122
    // roots, documents in the middle and leaves, of the county and above it
    const docs = await fx.wh.all<{ doc_id: string; region_code: string; in_county: boolean }>(
      `select doc_id, region_code,
         region_code in (select code from marts.region_closure where ancestor_code = '580122') as in_county
       from marts.document_trace
       where region_code in (select code from marts.region_closure where ancestor_code = '580122')
          or region_code in ('100000', '580000', '580100')
       order by hash(doc_id) limit 40`,
    );
    expect(docs.some((d) => d.in_county) && docs.some((d) => !d.in_county)).toBe(true);
    for (const d of docs) {
      for (const [client, root] of [
        [leader, '100000'],
        [county, '580122'],
      ] as const) {
        const res = await client.get<DocumentDetailResponse>(`/api/documents/${d.doc_id}`);
        if (root === '580122' && !d.in_county) {
          expect(res.status).toBe(404);
          continue;
        }
        expect(res.status).toBe(200);
        const want = await expectedTree(d.doc_id, root);
        expect(res.body.ancestors.map((a) => a.doc_id)).toEqual(want.up);
        expect(res.body.descendants.map((a) => a.doc_id)).toEqual(want.down.slice(0, 500));
        expect(res.body.children_truncated).toBe(want.down.length > 500);
        const postings = await fx.wh.all<{ posting_id: number }>(
          'select posting_id from ledger.postings where doc_id = $1 order by posting_id',
          [d.doc_id],
        );
        expect(res.body.postings.map((p) => p.posting_id)).toEqual(postings.map((p) => p.posting_id));
        expect(res.body.postings.reduce((s, p) => s + p.debit - p.credit, 0)).toBe(0);
      }
    }
  });

  it('cuts a long subtree at the cap and says so', async () => {
    const root = await fx.wh.value<string>(
      `select root_doc_id from marts.document_trace group by root_doc_id order by count(*) desc, root_doc_id limit 1`,
    );
    const found = (await findDocumentDetail(fx.wh, root, '100000'))!;
    const tree = await treeOf(fx.wh, found.node, found.place, '100000', 3);
    const want = await expectedTree(root, '100000');
    expect(want.down.length).toBeGreaterThan(3);
    expect(tree.ancestors.map((a) => a.doc_id)).toEqual([root]);
    expect(tree.descendants.map((a) => a.doc_id)).toEqual(want.down.slice(0, 3));
    expect(tree.truncated).toBe(true);
  });

  it('lists the documents of a scope as the trace and the closure give them, page by page, with the totals', async () => {
    const want = await fx.wh.all<{ doc_id: string; effective: number }>(
      `select t.doc_id, t.effective from marts.document_trace as t
       where t.region_code in (select code from marts.region_closure where ancestor_code = '580100')
         and t.region_code in (select code from marts.regions) and t.budget_year = 2020 and t.txn_code = 'T04'
       order by t.doc_date, t.doc_id`,
    );
    expect(want.length).toBeGreaterThan(10);
    const page = await leader.get<DocumentsResponse>(
      '/api/documents?region=580100&year=2020&txn=T04&page=2&page_size=5',
    );
    expect(page.status).toBe(200);
    expect(page.body.rows.map((r) => r.doc_id)).toEqual(want.slice(5, 10).map((r) => r.doc_id));
    expect(page.body.total_rows).toBe(want.length);
    expect(page.body.total_effective).toBe(want.reduce((s, r) => s + Number(r.effective), 0));
    const past = await leader.get<DocumentsResponse>(
      '/api/documents?region=580100&year=2020&txn=T04&page=999&page_size=5',
    );
    expect(past.body.rows).toEqual([]);
    expect(past.body.total_rows).toBe(want.length);
  });

  it("gives a project's payment totals as the payment detail sums them, for the whole tree and a county", async () => {
    const county = await ApiClient.signIn(fx.server.url, 'county_leader'); // 580122
    const projects = await fx.wh.all<{ project_code: string }>(
      `select project_code from marts.payments
       where pay_year = 2020 and project_code is not null and village_code like '580122%'
       group by project_code order by count(*) desc limit 3`,
    );
    expect(projects.length).toBeGreaterThan(0);
    for (const { project_code } of projects) {
      for (const [client, root] of [
        [leader, '100000'],
        [county, '580122'],
      ] as const) {
        const want = await fx.wh.one<{ rows: number; people: number; paid: number; payable: number }>(
          `select count(*)::bigint as rows, count(distinct person_id)::bigint as people,
             coalesce(sum(paid), 0)::bigint as paid, coalesce(sum(payable), 0)::bigint as payable
           from marts.payments
           where project_code = $1 and pay_year = 2020
             and village_code in (select code from marts.region_closure where ancestor_code = $2)`,
          [project_code, root],
        );
        const res = await client.get<ProjectDetailResponse>(`/api/projects/${project_code}?year=2020`);
        expect(res.status).toBe(200);
        expect(res.body.payments).toEqual({
          rows: Number(want!.rows),
          people: Number(want!.people),
          paid: Number(want!.paid),
          payable: Number(want!.payable),
        });
        const people = await client.get<PeopleResponse>(`/api/people?project=${project_code}&year=2020&page_size=5`);
        expect(people.body.total_rows).toBe(Number(want!.people));
      }
    }
  });
});
