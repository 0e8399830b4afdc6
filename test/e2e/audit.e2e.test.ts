/**
 * The 审计 page end to end in headless Chromium under the server's Content-Security-Policy: 专员办 starts an
 * audit package of the own province, sees it counted and finished, downloads a file of it, and finds the export
 * in the access log; a 领导 has no 审计 link.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CHROMIUM, DEMO_PASSWORD, openDemoBrowser, type DemoBrowser } from './e2e.helpers.ts';

describe.skipIf(!existsSync(CHROMIUM))('audit page end to end in headless Chromium', () => {
  let world: DemoBrowser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    world = await openDemoBrowser('e2e-audit');
    ({ page, problems } = world);
  }, 240_000);

  afterAll(async () => {
    await world?.close();
  });

  async function signIn(username: string): Promise<void> {
    await page.goto(`${world.server.url}/login`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=user]');
  }

  it('builds, shows and serves an audit package, and logs it', async () => {
    await signIn('auditor');
    await page.click('nav >> text=审计');
    await page.waitForSelector('[data-testid=audit-page]');
    await page.click('button:has-text("生成数据包")');
    const job = page.locator('[data-testid=audit-job]');
    await job.locator('text=已完成').waitFor({ timeout: 120_000 });
    expect(await job.locator('a', { hasText: 'journal.csv' }).count()).toBe(1);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      job.locator('a', { hasText: 'journal.csv' }).click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('\uFEFFposting_id,doc_id')).toBe(true);
    await page.reload();
    await page.waitForSelector('[data-testid=access-log] >> text=POST /api/audit/exports');
    expect(problems).toEqual([]);
  }, 240_000);

  it('shows no 审计 link to a 领导', async () => {
    await page.click('[data-testid=user] button');
    await page.waitForURL(/\/login/);
    await signIn('leader');
    expect(await page.locator('nav >> text=审计').count()).toBe(0);
  });
});
