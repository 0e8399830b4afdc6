/**
 * The report designer end to end in a real headless Chromium: as 报表分析岗, start from 财政扶贫资金分配进度表,
 * change the row levels, add a measure column filtered to 上级下达 from 中央 only and a formula column — all in
 * the form, which writes the YAML — see the live preview with its 总台账 check, break the formula and see the
 * error beside the field whose path it names, fix it, and save twice: the second save is listed as 第 2 版.
 * Screenshots go to test-artifacts/e2e/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import type { ReportAnswer } from '../../server/api/reports.types.ts';
import { CHROMIUM, DEMO_PASSWORD, repoRoot, openDemoBrowser, type DemoBrowser } from './e2e.helpers.ts';

const ARTIFACTS = join(repoRoot, 'test-artifacts/e2e');
const hasChromium = existsSync(CHROMIUM);
const TEMPLATE_ID = 'e2e-allocation';

if (!hasChromium) console.warn(`designer e2e skipped: ${CHROMIUM} is absent (apt-get install chromium fonts-noto-cjk)`);

describe.skipIf(!hasChromium)('report designer end to end in headless Chromium', () => {
  let world: DemoBrowser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    world = await openDemoBrowser('designer-e2e');
    ({ page, problems } = world);
  }, 240_000);

  afterAll(async () => {
    await world?.close();
  });

  const shot = (name: string): Promise<Buffer> =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  /** The live preview the page asks for once the text contains `marker` (not the filter-value probes). */
  const preview = (marker: string) => (r: Response) => {
    const body = r.request().postData() ?? '';
    return (
      r.url().endsWith('/api/reports/preview') &&
      !body.includes('filter-values-probe') &&
      (JSON.parse(body) as { text: string }).text.includes(marker)
    );
  };
  const yaml = (): Promise<string> => page.locator('[data-testid=designer-yaml]').innerText();

  it('builds a template in the form with a live preview, names a bad formula’s path, and saves versions', async () => {
    await page.goto(`${world.server.url}/login?next=/reports/designer`);
    await page.fill('input[name=username]', 'analyst');
    await page.fill('input[name=password]', DEMO_PASSWORD);
    // a standard form: its columns in the form, its preview agreeing with the 总台账
    let waiting = page.waitForResponse(preview('allocation-progress'));
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=user]');
    if (!new URL(page.url()).pathname.startsWith('/reports/designer'))
      await page.goto(`${world.server.url}/reports/designer`);
    await page.waitForSelector('[data-testid=designer-form] [data-testid=column-0]');
    const first = (await (await waiting).json()) as ReportAnswer;
    expect(first.ledger_check.length).toBeGreaterThan(0);
    expect(first.ledger_check.filter((l) => l.must_agree && !l.agrees)).toEqual([]);
    await page.waitForSelector('[data-testid=ledger-check] li');
    expect(await page.locator('[data-testid=designer-form] li[data-key]').count()).toBe(first.report.columns.length);
    await shot('designer-01-standard-form');

    // a new id and title; the region rows down to the cities only
    await page.fill('[data-testid=template-id]', TEMPLATE_ID);
    await page.fill('[data-testid=template-title]', '分配进度 (端到端)');
    waiting = page.waitForResponse(preview('levels: [city]\n'));
    await page.uncheck('[data-testid=level-county]');
    const byCity = (await (await waiting).json()) as ReportAnswer;
    expect(byCity.report.rows.length).toBeLessThan(first.report.rows.length);
    expect(await yaml()).toContain(`id: ${TEMPLATE_ID}`);

    // a measure column: 上级下达, filtered to what 中央 issued
    await page.selectOption('[data-testid=add-measure]', 'interlock.issued');
    await page.click('[data-testid=add-measure-button]');
    const issued = page.locator('[data-testid=designer-form] li[data-key=issued]');
    const index = Number((await issued.getAttribute('data-testid'))?.replace('column-', ''));
    expect(index).toBe(first.report.columns.length);
    await page.selectOption(`[data-testid=filter-dimension-${index}]`, 'from_region');
    await page.waitForSelector(`[data-testid=filter-value-${index}] option[value="100000"]`, { state: 'attached' });
    await page.selectOption(`[data-testid=filter-value-${index}]`, '100000');
    waiting = page.waitForResponse(preview("from_region: ['100000']"));
    await page.click(`[data-testid=filter-add-${index}]`);
    const filtered = (await (await waiting).json()) as ReportAnswer;
    expect(await yaml()).toContain("measure: interlock.issued, filters: {from_region: ['100000']}");
    expect(filtered.report.rows.find((r) => r.kind === 'total')?.values.issued).toBeGreaterThan(0);
    await shot('designer-02-levels-and-filter');

    // a formula column over the keys: 中央下达占比 = issued / available
    await page.fill('[data-testid=formula-key]', 'central_share');
    await page.fill('[data-testid=formula-header]', '分配情况/中央下达占比');
    await page.fill('[data-testid=formula-text]', 'issued / available');
    await page.selectOption('[data-testid=formula-format]', 'percent');
    waiting = page.waitForResponse(preview('central_share'));
    await page.click('[data-testid=add-formula-button]');
    const withFormula = (await (await waiting).json()) as ReportAnswer;
    const total = withFormula.report.rows.find((r) => r.kind === 'total');
    expect(Number(total?.values.central_share)).toBeCloseTo(
      Number(total?.values.issued) / Number(total?.values.available),
      9,
    );
    expect(withFormula.ledger_check.filter((l) => l.must_agree && !l.agrees)).toEqual([]);
    // the grid virtualises its columns: scroll to the right end to bring the formula column in
    await page
      .locator('[data-testid=report-grid] .ag-body-horizontal-scroll-viewport')
      .evaluate((e) => e.scrollTo({ left: e.scrollWidth }));
    await page.waitForSelector('[data-testid=report-grid] .ag-header-cell[col-id=central_share]');
    await page.waitForSelector('[data-testid=designer-preview][data-stale=false] [data-testid=ledger-check] li');
    await shot('designer-03-formula-live-preview');

    // a formula naming a column that is not there: the error sits beside the formula field, with its path
    const formula = index + 1;
    const path = `columns.${formula}.formula`;
    waiting = page.waitForResponse(preview('issued / nothing'));
    await page.fill(`[data-testid=column-formula-${formula}]`, 'issued / nothing');
    expect((await waiting).status()).toBe(400);
    const beside = page.locator(`[data-testid=column-${formula}] [data-testid=field-issue][data-path="${path}"]`);
    await beside.waitFor();
    expect(await beside.innerText()).toContain('nothing');
    expect(await page.locator('[data-testid=designer-issues]').innerText()).toContain(path);
    await shot('designer-04-invalid-formula');

    // fixed: the errors go, the preview is live again
    waiting = page.waitForResponse(preview('issued / available'));
    await page.fill(`[data-testid=column-formula-${formula}]`, 'issued / available');
    expect((await waiting).ok()).toBe(true);
    await page.waitForSelector('[data-testid=designer-issues]', { state: 'detached' });
    await page.waitForSelector('[data-testid=designer-preview][data-stale=false]');

    // saved twice: both versions listed, nothing overwritten
    await page.click('[data-testid=designer-save]');
    await page.waitForSelector('[data-testid=designer-versions] li[data-version="1"]');
    await page.fill('[data-testid=template-title]', '分配进度 (端到端, 修订)');
    await page.click('[data-testid=designer-save]');
    await expect.poll(() => page.locator('[data-testid=designer-message]').innerText()).toContain('第 2 版');
    await page.waitForSelector('[data-testid=designer-versions] li[data-version="2"]');
    expect(await page.locator('[data-testid=designer-versions] li').count()).toBe(2);
    const saved = (await page.evaluate(
      (id) => fetch(`/api/reports/templates/${id}`).then((r) => r.json()),
      TEMPLATE_ID,
    )) as { version: number; text: string };
    expect(saved.version).toBe(2);
    expect(saved.text).toContain('formula: issued / available');
    await shot('designer-05-saved-version-2');
    expect(problems).toEqual([]);
  }, 180_000);
});
