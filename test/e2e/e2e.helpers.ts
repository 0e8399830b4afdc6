/**
 * What the dashboard's end-to-end test (and the dashboard bench) need around the browser: the built dashboard
 * (built when missing or older than its sources), `fundtrail serve` as a child process on a free port, and
 * Debian's headless chromium driven by playwright-core with a fresh profile.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'fundtrail-demo';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dashboard/dist unless it is there and newer than every source file of the dashboard. */
export function ensureDashboardBuilt(): void {
  const index = join(repoRoot, 'dashboard/dist/index.html');
  const sources = Math.max(
    newestMtime(join(repoRoot, 'dashboard/src')),
    statSync(join(repoRoot, 'dashboard/index.html')).mtimeMs,
    statSync(join(repoRoot, 'dashboard/vite.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(
    process.execPath,
    [join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'dashboard/vite.config.ts'],
    {
      cwd: repoRoot,
      stdio: 'pipe',
    },
  );
}

export interface ServeProcess {
  url: string;
  stop(): Promise<void>;
}

/** `fundtrail --db <db> --json serve --port 0`: resolves with the URL it printed. */
export function serve(db: string): Promise<ServeProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/fundtrail.mjs', '--db', db, '--json', 'serve', '--port', '0'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return new Promise((resolveUrl, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start in 60 s:\n${stderr}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /"url"\s*:\s*"([^"]+)"/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolveUrl({ url: (m[1] as string).replace(/\/$/, ''), stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}:\n${stderr}`));
    });
  });
}

/** A fresh headless chromium profile (no cache, no cookies). */
export async function launchBrowser(workDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(workDir, 'chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 1000 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
}

/** One browser test's world: a small demo warehouse served, a fresh Chromium page, and what went wrong on it. */
export interface DemoBrowser {
  work: string;
  server: ServeProcess;
  browser: BrowserContext;
  page: Page;
  /** page errors, Content-Security-Policy violations and HTTP 5xx answers seen so far */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Builds the small demo (seed 1) in a temp folder, builds the dashboard if needed, serves it and opens a page
 * that records page errors, CSP violations (server/security.headers.ts must block nothing the pages need) and
 * 5xx answers.
 */
export async function openDemoBrowser(prefix: string): Promise<DemoBrowser> {
  const work = mkdtempSync(join(tmpdir(), `fundtrail-${prefix}-`));
  const db = join(work, 'small.duckdb');
  execFileSync(
    process.execPath,
    ['bin/fundtrail.mjs', '--db', db, '--json', 'demo', '--scale', 'small', '--seed', '1'],
    {
      cwd: repoRoot,
      stdio: 'pipe',
    },
  );
  ensureDashboardBuilt();
  const server = await serve(db);
  const browser = await launchBrowser(work);
  const page = await browser.newPage();
  // CI runs the other suites beside the browser tests on two cores
  page.setDefaultTimeout(60_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  return {
    work,
    server,
    browser,
    page,
    problems,
    close: async () => {
      await browser.close();
      await server.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
