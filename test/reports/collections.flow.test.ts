/**
 * A collection task end to end through the API: the province issues it to the city, the city forwards it to two
 * counties, each county's report is filled by two departments (扶贫办 and 财政局; one county imports its part
 * from the blank form's Excel file), the city sends one back once, the county fixes it, the city approves both
 * and its 汇总 is the sum of the two; the city submits and the province approves; statuses visible at every level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ApiClient, demoApi, type ApiFixture } from '../server/api.fixture.ts';
import { addUser } from '../../server/auth/users.repository.ts';
import type { TaskDetail, TaskReport } from '../../report-templates/collections/collection.types.ts';

let fx: ApiFixture;
let base: string;
const PASSWORD = 'collect-pass-1';

beforeAll(async () => {
  fx = await demoApi();
  base = fx.server.url;
  await addUser(fx.wh, { username: 'city_review', password: PASSWORD, role: 'review', region_code: '580100' });
  await addUser(fx.wh, { username: 'c2_entry', password: PASSWORD, role: 'entry', region_code: '580122' });
}, 180_000);

afterAll(async () => {
  await fx?.close();
});

const detailRows = (r: TaskReport) => r.report.rows.filter((row) => row.kind === 'detail');

describe('collection task', () => {
  it('is issued, forwarded, filled by two departments, sent back once, and aggregated up the tree', async () => {
    const province = await ApiClient.signIn(base, 'analyst');
    const city = await ApiClient.signIn(base, 'city_review', PASSWORD);
    const fpb = await ApiClient.signIn(base, 'entry'); // 580121 扶贫办
    const czj = await ApiClient.signIn(base, 'review'); // 580121 财政局
    const c2 = await ApiClient.signIn(base, 'c2_entry', PASSWORD); // 580122, both departments

    const issued = await province.post<TaskDetail>('/api/collections', {
      title: '2020年扶贫项目实施进度采集',
      template: 'project-collection',
      year: 2020,
      regions: ['580100'],
    });
    expect(issued.status).toBe(200);
    const id = issued.body.task.task_id;
    expect(issued.body.departments.sort()).toEqual(['扶贫办', '财政局']);

    // the county cannot be reached by the province directly through a forward, and a county cannot forward up
    expect((await fpb.post(`/api/collections/${id}/forward`, { regions: ['580122'] })).status).toBe(403);
    const fwd = await city.post<TaskDetail>(`/api/collections/${id}/forward`, { regions: ['580121', '580122'] });
    expect(fwd.status).toBe(200);
    expect(fwd.body.assignments.map((a) => [a.region_code, a.status])).toEqual([
      ['580100', '待填报'],
      ['580121', '待填报'],
      ['580122', '待填报'],
    ]);

    // county 580121: the prefilled form, then two departments fill their own columns
    const form1 = (await fpb.get<TaskReport>(`/api/collections/${id}/report`)).body;
    const rows1 = detailRows(form1).map((r) => r.key);
    expect(rows1.length).toBeGreaterThan(1);
    expect(form1.report.rows[0]!.values['disbursed']).toBeGreaterThan(0); // prefilled from 5201
    const wrongDept = await fpb.post<{ error: { message: string } }>(`/api/collections/${id}/cells`, {
      department: '扶贫办',
      cells: [{ row_key: rows1[0], column_key: 'disbursed', value: 1 }],
    });
    expect(wrongDept.status).toBe(400);
    expect(wrongDept.body.error.message).toContain('财政局');
    const benef1 = rows1.map((_, i) => 100 + i);
    expect(
      (
        await fpb.post(`/api/collections/${id}/cells`, {
          department: '扶贫办',
          cells: rows1.flatMap((k, i) => [
            { row_key: k, column_key: 'beneficiaries', value: benef1[i] },
            { row_key: k, column_key: 'households', value: 40 + i },
            { row_key: k, column_key: 'progress', value: 0.5 },
          ]),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await czj.post(`/api/collections/${id}/cells`, {
          department: '财政局',
          cells: rows1.map((k) => ({ row_key: k, column_key: 'disbursed', value: 1_000_000 })),
        })
      ).status,
    ).toBe(200);
    expect(
      (await fpb.post<{ status: string }>(`/api/collections/${id}/submit`, { department: '扶贫办' })).body.status,
    ).toBe('填报中');
    expect(
      (await czj.post<{ status: string }>(`/api/collections/${id}/submit`, { department: '财政局' })).body.status,
    ).toBe('已提交');

    // county 580122: 扶贫办 imports its part from the blank form filled in Excel; 财政局 keeps the prefill
    const blank = await c2.get<Uint8Array>(`/api/collections/${id}/report?blank=true&format=xlsx`);
    expect(blank.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(blank.body) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const col = (text: string): number => {
      for (let r = 1; r <= 6; r += 1) {
        for (let c = 1; c <= sheet.columnCount; c += 1) if (sheet.getCell(r, c).value === text) return c;
      }
      throw new Error(`no header ${text}`);
    };
    const benefCol = col('受益人数');
    const form2 = (await c2.get<TaskReport>(`/api/collections/${id}/report`)).body;
    const byLabel = new Map(detailRows(form2).map((r) => [r.label, r.key]));
    const benef2 = new Map<string, number>();
    sheet.eachRow((row, n) => {
      const key = byLabel.get(String(row.getCell(1).value ?? ''));
      if (!key || n < 4) return;
      benef2.set(key, 7 * n);
      row.getCell(benefCol).value = 7 * n;
      row.getCell(col('受益户数')).value = 3 * n;
    });
    const file_base64 = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    const imported = await c2.post<{ saved: number }>(`/api/collections/${id}/import`, {
      department: '扶贫办',
      file_base64,
    });
    expect(imported.status).toBe(200);
    expect(imported.body.saved).toBe(benef2.size * 2);
    expect((await c2.post(`/api/collections/${id}/submit`, { department: '扶贫办' })).status).toBe(200);
    expect(
      (await c2.post<{ status: string }>(`/api/collections/${id}/submit`, { department: '财政局' })).body.status,
    ).toBe('已提交');

    // a county sees neither the other county's report nor may it review
    expect((await c2.get(`/api/collections/${id}/report?region=580121`)).status).toBe(403);
    expect((await c2.post(`/api/collections/${id}/review`, { region: '580121', decision: '通过' })).status).toBe(403);
    // the province did not assign the counties: only the city reviews them
    expect((await province.post(`/api/collections/${id}/review`, { region: '580121', decision: '通过' })).status).toBe(
      403,
    );

    // the city sends 580121 back once; its departments fix and hand in again
    const back = await city.post<{ status: string }>(`/api/collections/${id}/review`, {
      region: '580121',
      decision: '退回',
      comment: '受益人数偏大, 请核实',
    });
    expect(back.body.status).toBe('已退回');
    benef1[0] = 90;
    await fpb.post(`/api/collections/${id}/cells`, {
      department: '扶贫办',
      cells: [{ row_key: rows1[0], column_key: 'beneficiaries', value: 90 }],
    });
    expect(
      (await fpb.post<{ status: string }>(`/api/collections/${id}/submit`, { department: '扶贫办' })).body.status,
    ).toBe('已退回');
    expect(
      (await czj.post<{ status: string }>(`/api/collections/${id}/submit`, { department: '财政局' })).body.status,
    ).toBe('已提交');

    // the city cannot submit before both counties are approved
    const early = await city.post<{ error: { message: string } }>(`/api/collections/${id}/submit`, {
      department: '扶贫办',
    });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('下级尚未全部审核通过');
    for (const region of ['580121', '580122']) {
      expect(
        (await city.post<{ status: string }>(`/api/collections/${id}/review`, { region, decision: '通过' })).body
          .status,
      ).toBe('已通过');
    }

    // the city's 汇总: each category's 受益人数 is the sum of the two counties
    const agg = (await city.get<TaskReport>(`/api/collections/${id}/report`)).body;
    const expected = new Map<string, number>();
    rows1.forEach((k, i) => expected.set(k, (expected.get(k) ?? 0) + benef1[i]!));
    for (const [k, v] of benef2) expected.set(k, (expected.get(k) ?? 0) + v);
    for (const row of detailRows(agg))
      expect(row.values['beneficiaries'], row.label).toBe(expected.get(row.key) ?? null);
    const total = [...expected.values()].reduce((s, v) => s + v, 0);
    expect(agg.report.rows[0]!.values['beneficiaries']).toBe(total);
    expect(agg.report.rows[0]!.values['progress']).toBeNull(); // a rate does not add up

    // statuses at the city and the steps, including the 退回 with its reason
    const detail = (await city.get<TaskDetail>(`/api/collections/${id}`)).body;
    expect(Object.fromEntries(detail.assignments.map((a) => [a.region_code, a.status]))).toEqual({
      '580100': '待填报',
      '580121': '已通过',
      '580122': '已通过',
    });
    expect(detail.steps.some((s) => s.action === '退回' && s.comment === '受益人数偏大, 请核实')).toBe(true);

    // the city hands in (both departments) and the province approves; the province's 汇总 equals the city's
    await city.post(`/api/collections/${id}/submit`, { department: '扶贫办' });
    expect(
      (await city.post<{ status: string }>(`/api/collections/${id}/submit`, { department: '财政局' })).body.status,
    ).toBe('已提交');
    expect(
      (await province.post<{ status: string }>(`/api/collections/${id}/review`, { region: '580100', decision: '通过' }))
        .body.status,
    ).toBe('已通过');
    const top = (await province.get<TaskReport>(`/api/collections/${id}/report`)).body;
    expect(top.report.rows[0]!.values['beneficiaries']).toBe(total);
    const filled = await province.get<Uint8Array>(`/api/collections/${id}/report?format=xlsx`);
    expect(filled.status).toBe(200);
    expect(filled.headers.get('content-type')).toContain('spreadsheetml');
  });

  it('renders a standard form through the API with its ledger check, and refuses a bad template with paths', async () => {
    const analyst = await ApiClient.signIn(base, 'analyst');
    const r = await analyst.get<{ ledger_check: { must_agree: boolean; agrees: boolean }[] }>(
      '/api/reports/render?template=allocation-progress&year=2020',
    );
    expect(r.status).toBe(200);
    expect(r.body.ledger_check.filter((l) => l.must_agree).every((l) => l.agrees)).toBe(true);
    const bad = await analyst.post<{ error: { code: string; issues: { path: string }[] } }>('/api/reports/preview', {
      text: 'id: my-form\ntitle: 试\nrows: { dimension: fund }\ncolumns:\n  - { key: a, header: A, measure: ledger.nope }\n',
      year: 2020,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i) => i.path)).toEqual(['columns.0.measure']);
    const saved = await analyst.post<{ version: number }>('/api/reports/templates', {
      text: 'id: my-form\ntitle: 试\nrows: { dimension: fund }\ncolumns:\n  - { key: a, header: A, measure: ledger.paid }\n',
    });
    expect(saved.body.version).toBe(1);
    const again = await analyst.post<{ version: number }>('/api/reports/templates', {
      text: 'id: my-form\ntitle: 试二\nrows: { dimension: fund }\ncolumns:\n  - { key: a, header: A, measure: ledger.available }\n',
    });
    expect(again.body.version).toBe(2);
    const leader = await ApiClient.signIn(base, 'leader');
    expect((await leader.post('/api/reports/templates', { text: 'x' })).status).toBe(403);
  });
});
