/**
 * The dashboard (issue 4): the gzip size of its JavaScript — what the first screen loads (the entry and its
 * preloaded chunks) and all chunks — and the first load in Debian's headless chromium: from navigation to the
 * overview drawn (its cards, the Sankey and the monthly trend finished by ECharts), with a cold browser cache and
 * again warm. The warehouse is a copy of FUNDTRAIL_BENCH_PROVINCE_DB when it is set, else a small demo.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROMIUM, DEMO_PASSWORD, launchBrowser, repoRoot, serve } from '../test/e2e/e2e.helpers.ts';
import { fmt, median, timed, timedProcess, type BenchGroup, type BenchRow } from './bench.harness.ts';

const LOADS = 5;
const DIST = join(repoRoot, 'dashboard/dist');

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** gzip sizes (default level, as a server would send them) of the first screen's JS and of all JS. */
function bundleSizes(): { initial: number; initialRaw: number; all: number; files: number } {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const initialFiles = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  const gz = (file: string): number => gzipSync(readFileSync(join(DIST, file))).length;
  const assets = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
  return {
    initial: initialFiles.reduce((s, f) => s + gz(f), 0),
    initialRaw: initialFiles.reduce((s, f) => s + readFileSync(join(DIST, f)).length, 0),
    all: assets.reduce((s, f) => s + gz(`assets/${f}`), 0),
    files: initialFiles.length,
  };
}

export const dashboardBench: BenchGroup = {
  id: 'dashboard',
  title: 'Dashboard: bundle size and first load in Chromium (issue 4)',
  async run({ workDir, quick }) {
    const build = await timed(async () =>
      execFileSync(
        process.execPath,
        ['node_modules/vite/bin/vite.js', 'build', '--config', 'dashboard/vite.config.ts'],
        {
          cwd: repoRoot,
          stdio: 'pipe',
        },
      ),
    );
    const sizes = bundleSizes();
    const rows: BenchRow[] = [
      { measure: '`npm run build:dashboard` (vite)', value: fmt.sec(build.seconds) },
      {
        measure: 'JS of the first screen, gzip',
        value: kib(sizes.initial),
        note: `entry + ${sizes.files - 1} preloaded chunk(s), ${kib(sizes.initialRaw)} before gzip; React, router, ECharts (tree-shaken)`,
      },
      {
        measure: 'all JS chunks, gzip',
        value: kib(sizes.all),
        note: 'grid pages (ag-grid, apache-arrow) load on demand',
      },
    ];
    if (!existsSync(CHROMIUM)) {
      rows.push({ measure: 'first load', value: 'not measured', note: `${CHROMIUM} is absent` });
      return rows;
    }

    const given = process.env['FUNDTRAIL_BENCH_PROVINCE_DB'];
    const db = join(workDir, 'dashboard.duckdb');
    let data: string;
    if (given && !quick) {
      copyFileSync(given, db);
      data = `province demo (copy of ${given})`;
    } else {
      await timedProcess(process.execPath, [
        'bin/fundtrail.mjs',
        '--db',
        db,
        '--json',
        'demo',
        '--scale',
        'small',
        '--seed',
        '1',
      ]);
      data = 'small demo (seed 1)';
    }
    const server = await serve(db);
    const browser = await launchBrowser(workDir);
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/login`);
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', DEMO_PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForSelector('[data-testid=sankey][data-drawn=true]', { timeout: 120_000 });
      const cdp = await browser.newCDPSession(page);
      // ms since navigation: the first frame of the Sankey and the trend with data, and their animations done
      const load = async (): Promise<{ drawn: number; finished: number }> => {
        await page.goto(`${server.url}/?year=2020`);
        const charts = ['sankey', 'monthly-trend'];
        // a script string, not a function: tsx's helpers would not exist inside the page
        const drawn = await page.evaluate<number>(`new Promise((done) => {
          const ids = ${JSON.stringify(charts)};
          const check = () => {
            if (ids.every((id) => document.querySelector('[data-testid=' + id + '][data-rendered=true]'))) done(performance.now());
            else requestAnimationFrame(check);
          };
          check();
        })`);
        for (const id of charts)
          await page.waitForSelector(`[data-testid=${id}][data-drawn=true]`, { timeout: 120_000 });
        return { drawn, finished: await page.evaluate(() => performance.now()) };
      };
      const cold: { drawn: number; finished: number }[] = [];
      const warm: { drawn: number; finished: number }[] = [];
      for (let i = 0; i < (quick ? 2 : LOADS); i++) {
        await cdp.send('Network.clearBrowserCache');
        cold.push(await load());
        warm.push(await load());
      }
      const ms = (v: number): string => `${Math.round(v)} ms`;
      const list = (runs: { drawn: number }[]): string => runs.map((r) => ms(r.drawn)).join(', ');
      rows.push(
        {
          measure: `first load to the overview drawn, cold cache (median of ${cold.length})`,
          value: ms(median(cold.map((r) => r.drawn))),
          note: `${list(cold)}; navigation → first frame of the Sankey and the monthly trend with data; signed in, ${data}, loopback`,
        },
        {
          measure: `same, warm cache (median of ${warm.length})`,
          value: ms(median(warm.map((r) => r.drawn))),
          note: list(warm),
        },
        {
          measure: "cold load until the charts' animations end (median)",
          value: ms(median(cold.map((r) => r.finished))),
          note: 'ECharts animates for about 1 s after the first frame',
        },
      );
    } finally {
      await browser.close();
      await server.stop();
    }
    return rows;
  },
};
