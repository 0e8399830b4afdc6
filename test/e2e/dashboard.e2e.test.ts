/**
 * The dashboard end to end in a real headless Chromium (Debian's, driven by playwright-core): sign in, drill from
 * 中央 down to one payment checking at each level that the rows add up to their parent (the additive figures,
 * to the 分), then register a document through a 签报 (entry user creates, review user reviews and issues) and
 * find it in the trace. Screenshots go to test-artifacts/e2e/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import type {
  DocumentsResponse,
  DrillRegionRow,
  PaymentRow,
  PersonRow,
  ProjectDetailResponse,
  RegionChildrenResponse,
  RegionFundsResponse,
} from '../../server/api/api.types.ts';
import { arrowRows } from '../../dashboard/src/api/arrow-rows.reader.ts';
import { CHROMIUM, DEMO_PASSWORD, repoRoot, openDemoBrowser, type DemoBrowser } from './e2e.helpers.ts';

const ARTIFACTS = join(repoRoot, 'test-artifacts/e2e');
const FIELDS = ['funds', 'allocated', 'paid', 'undistributed'] as const;
const hasChromium = existsSync(CHROMIUM);

/** Rows of a small CSV (quoted fields, doubled quotes; no line breaks inside fields). */
function parseCsv(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map((line) => {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i] as string;
        if (quoted && c === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') quoted = !quoted;
        else if (c === ',' && !quoted) {
          cells.push(cell);
          cell = '';
        } else cell += c;
      }
      cells.push(cell);
      return cells;
    });
}

if (!hasChromium)
  console.warn(`dashboard e2e skipped: ${CHROMIUM} is absent (apt-get install chromium fonts-noto-cjk)`);

describe.skipIf(!hasChromium)('dashboard end to end in headless Chromium', () => {
  let world: DemoBrowser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    world = await openDemoBrowser('e2e');
    ({ page, problems } = world);
  }, 240_000);

  afterAll(async () => {
    await world?.close();
  });

  const shot = (name: string): Promise<Buffer> =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const api = (part: string) => (r: Response) => r.url().includes(part) && r.request().method() === 'GET' && r.ok();

  async function signIn(username: string): Promise<void> {
    await page.goto(`${world.server.url}/login`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=user]');
  }

  async function signOut(): Promise<void> {
    if ((await page.locator('[data-testid=user] button').count()) === 0) return;
    await page.click('[data-testid=user] button');
    await page.waitForSelector('[data-testid=login-form]');
  }

  /** Every row of a paged grid route, read page by page as JSON from inside the signed-in page. */
  async function allRows<T>(url: string): Promise<T[]> {
    return page.evaluate(async (u) => {
      const out: unknown[] = [];
      for (let p = 1; ; p++) {
        const body = (await (await fetch(`${u}&page=${p}&page_size=1000`)).json()) as {
          rows: unknown[];
          total_rows: number;
        };
        out.push(...body.rows);
        if (out.length >= body.total_rows || body.rows.length === 0) return out;
      }
    }, url) as Promise<T[]>;
  }

  function expectAdditive(
    total: Record<(typeof FIELDS)[number], number>,
    rows: Record<(typeof FIELDS)[number], number>[],
    where: string,
  ): void {
    for (const f of FIELDS) {
      expect(
        rows.reduce((s, r) => s + r[f], 0),
        `${where}: Σ ${f}`,
      ).toBe(total[f]);
    }
  }

  it('signs in, refuses a wrong password, and draws the overview', async () => {
    await page.goto(`${world.server.url}/`);
    await page.waitForSelector('[data-testid=login-form]');
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'wrong');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toBeTruthy();
    await signIn('admin');
    await page.waitForSelector('[data-testid=sankey][data-drawn=true]');
    await page.waitForSelector('[data-testid=monthly-trend][data-drawn=true]');
    expect(await page.locator('h2').first().textContent()).toContain('总览');
    await shot('01-overview');
  }, 60_000);

  it('drills from 中央 to one payment; every level adds up to its parent', async () => {
    // 中央: the 资金规模 card opens the region drill
    let waiting = page.waitForResponse(api('/children'));
    let fundsWaiting = page.waitForResponse(api('/funds?'));
    await page.click('[data-testid=card-funds]');
    let children = (await (await waiting).json()) as RegionChildrenResponse;
    const levels: string[] = [];
    for (;;) {
      await page.waitForSelector('[data-testid=children-grid] .ag-row');
      expectAdditive(children.total, children.rows, children.region.name);
      expect(await page.getAttribute('[data-testid=additive-check]', 'data-ok')).toBe('true');
      expect(Number(await page.getAttribute('[data-testid=total-funds]', 'data-fen'))).toBe(children.total.funds);
      levels.push(children.region.level);
      await shot(`02-region-${levels.length}-${children.region.code}`);
      const next = children.rows
        .filter((r: DrillRegionRow) => !r.is_own && r.funds > 0 && r.paid > 0)
        .sort((a, b) => b.paid - a.paid)[0];
      if (!next || children.region.level === 'county') break;
      await fundsWaiting;
      waiting = page.waitForResponse(api(`/regions/${next.region.code}/children`));
      fundsWaiting = page.waitForResponse(api(`/regions/${next.region.code}/funds`));
      await page.locator(`[data-testid=children-grid] .ag-row[row-id="${next.region.code}"]`).first().click();
      children = (await (await waiting).json()) as RegionChildrenResponse;
      expect(new URL(page.url()).pathname).toBe(`/regions/${next.region.code}`);
    }
    expect(levels.slice(0, 4)).toEqual(['central', 'province', 'city', 'county']);
    const county = children.region.code;

    // the county's funds add up to its total; open the fund that paid most
    const funds = (await (await fundsWaiting).json()) as RegionFundsResponse;
    expect(funds.region.code).toBe(county);
    await page.waitForSelector('[data-testid=funds-grid] .ag-row');
    expectAdditive(funds.total, funds.rows, `${children.region.name} funds`);
    const fund = [...funds.rows].sort((a, b) => b.paid - a.paid)[0];
    expect(fund).toBeDefined();
    waiting = page.waitForResponse(api('/api/documents?'));
    await page
      .locator(`[data-testid=funds-grid] .ag-row[row-id="${fund?.fund_code ?? '_'}"]`)
      .first()
      .click();
    const docs = (await (await waiting).json()) as DocumentsResponse;
    await page.waitForSelector('[data-testid=documents-grid] .ag-row');
    await shot('03-fund');

    // a T04 of the fund with a project: its document page, trace and postings
    const t04 = docs.rows.find((d) => d.txn_code === 'T04' && d.project_code);
    expect(t04, 'a T04 with a project under the fund').toBeDefined();
    await page.locator(`[data-testid=documents-grid] .ag-row[row-id="${t04?.doc_id}"]`).first().click();
    await page.waitForSelector(`[data-testid=trace-tree] li[data-doc="${t04?.doc_id}"]`);
    await page.waitForSelector('[data-testid=postings-grid] .ag-row');
    await shot('04-document');

    // the project: Σ people 实发 = the project's detail payments
    waiting = page.waitForResponse(api('/api/projects/'));
    const people = page.waitForResponse(api('/api/people?'));
    await page.click(`a[href^="/projects/${t04?.project_code}"]`);
    const project = (await (await waiting).json()) as ProjectDetailResponse;
    const peopleResponse = await people;
    expect(peopleResponse.headers()['content-type']).toContain('arrow');
    const firstBlock = arrowRows<PersonRow>(new Uint8Array(await peopleResponse.body()));
    const persons = await allRows<PersonRow>(`/api/people?project=${t04?.project_code}&year=${children.year}`);
    expect(Number(peopleResponse.headers()['x-total-rows'])).toBe(persons.length);
    expect(firstBlock.length).toBe(Math.min(100, persons.length));
    expect(persons.reduce((s, p) => s + p.paid, 0)).toBe(project.payments.paid);
    expect(Number(peopleResponse.headers()['x-total-paid'])).toBe(project.payments.paid);
    await page.waitForSelector('[data-testid=people-grid] .ag-row[row-index="0"]');
    await shot('05-project');

    // one person: Σ of the person's payments = the person's 实发; then one payment
    const person = firstBlock[0] as PersonRow;
    const payments = page.waitForResponse(api('/api/payments?'));
    await page.locator('[data-testid=people-grid] .ag-row[row-index="0"]').first().click();
    const paymentsResponse = await payments;
    const rows = arrowRows<PaymentRow>(new Uint8Array(await paymentsResponse.body()));
    expect(rows.length).toBe(person.payments);
    expect(rows.reduce((s, p) => s + p.paid, 0)).toBe(person.paid);
    await page.waitForSelector('[data-testid=payments-grid] .ag-row[row-index="0"]');

    // 导出 CSV gives exactly the grid's rows and visible columns, 实发 in 元 adding up to the person's
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=payments-grid] button:has-text("导出 CSV")'),
    ]);
    const csv = parseCsv(readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, ''));
    const header = csv[0] as string[];
    expect(header.slice(0, 3)).toEqual(['pay_month', 'name', 'person_id']);
    expect(csv.length - 1).toBe(person.payments);
    const paidAt = header.indexOf('paid');
    expect(csv.slice(1).reduce((s, r) => s + Math.round(Number(r[paidAt]) * 100), 0)).toBe(person.paid);

    await page.locator('[data-testid=payments-grid] .ag-row[row-index="0"]').first().click();
    await page.waitForSelector('[data-testid=payment-detail]');
    const shown = await page.getAttribute('[data-testid=payment-detail]', 'data-payment');
    const payment = rows.find((r) => r.payment_id === shown);
    expect(payment).toBeDefined();
    expect(Number(await page.getAttribute('[data-testid=payment-paid]', 'data-fen'))).toBe(payment?.paid);
    await shot('06-payment');

    // the URL holds the state: back returns to the person's project, forward to the payments
    await page.goBack();
    await page.waitForSelector('[data-testid=project-page]');
    await page.goForward();
    await page.waitForSelector('[data-testid=payments-page]');
    expect(problems).toEqual([]);
  }, 120_000);

  it('registers a document through a 签报 and finds it in the trace', async (ctx) => {
    const openapi = (await (await fetch(`${world.server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    if (!('/api/signoffs' in openapi.paths)) {
      console.warn('签报 e2e skipped: the server has no /api/signoffs route yet');
      ctx.skip();
    }
    await signOut();
    await signIn('entry');
    await page.goto(`${world.server.url}/signoffs/new`);
    await page.waitForSelector('[data-testid=signoff-new]');
    // the form says what is wrong, in Chinese, before anything reaches the server
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.field-error').allTextContents()).toContain('请填写单据编号');
    await shot('07-signoff-validation');

    const docId = `E2E-${Date.now()}`;
    const funds = (await page.evaluate(() => fetch('/api/auth/me').then((r) => r.json()))) as {
      user: { region_code: string };
    };
    const region = funds.user.region_code;
    await page.fill('input[name=doc_id]', docId);
    await page.selectOption('select[name=txn_code]', 'T02');
    await page.fill('input[name=amount]', '12,345.67');
    await page.fill('input[name=fund_code]', 'XJFP');
    await page.fill('input[name=doc_no]', '北坡财农〔2020〕E2E号');
    await page.fill('input[name=summary]', '端到端测试: 本级安排');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=signoff-page] [data-testid=preview-postings] .ag-row');
    expect(await page.getAttribute('[data-testid=signoff-status]', 'data-status')).toBe('draft');
    expect(await page.getAttribute('[data-testid=signoff-preview]', 'data-ok')).toBe('true');
    expect(await page.locator('[data-testid=action-issue]').count()).toBe(0);
    const signoffUrl = page.url();
    await shot('08-signoff-preview');

    await signOut();
    await signIn('review');
    await page.goto(signoffUrl);
    await page.click('[data-testid=action-review]');
    await page.waitForSelector('[data-testid=signoff-status][data-status=reviewed]');
    await page.click('[data-testid=action-issue]');
    await page.waitForSelector('[data-testid=signoff-status][data-status=issued]');
    await shot('09-signoff-issued');

    await page.click('[data-testid=issued-document]');
    await page.waitForSelector(`[data-testid=trace-tree] li[data-doc="${docId}"]`);
    const doc = (await page.evaluate(
      (id) => fetch(`/api/documents/${encodeURIComponent(id)}`).then((r) => r.json()),
      docId,
    )) as {
      document: { amount: number; region_code: string };
    };
    expect(doc.document.amount).toBe(1_234_567);
    expect(doc.document.region_code).toBe(region);
    await shot('10-trace-of-new-document');
    expect(problems).toEqual([]);
  }, 120_000);
});
