/**
 * The drill-down API at `province` scale under load (issue 4): `fundtrail serve` as a child process on
 * loopback, one signed-in 领导 of 中央, and 20 concurrent clients walking the drill (overview → province →
 * city → county → funds → documents → one document → project → its people → one person's payments) for a
 * fixed time; every request's latency is recorded, so p50 and p95 are exact, per route and over all.
 *
 * The warehouse is a copy of FUNDTRAIL_BENCH_PROVINCE_DB, or a province demo generated in the work folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDemo } from '../cli/commands/demo.command.ts';
import { ensureDemoUsers, DEMO_PASSWORD } from '../server/auth/demo.users.ts';
import { ensureModels } from '../models/index.ts';
import { openWarehouse, silentProgress, type Warehouse } from '../warehouse/index.ts';
import { fmt, type BenchGroup, type BenchRow } from './bench.harness.ts';

const CLIENTS = 20;

interface DrillTarget {
  route: string;
  path: string;
}

/** The drill a leader clicks through, with codes read from the warehouse. */
async function drillPaths(wh: Warehouse): Promise<DrillTarget[]> {
  const county = await wh.one<{ code: string; city: string; province: string }>(
    `select p.county_code as code, c.parent_code as city, pc.parent_code as province
     from marts.payments as p join marts.regions as c on c.code = p.county_code
     join marts.regions as pc on pc.code = c.parent_code
     where p.pay_year = 2020 group by all order by count(*) desc limit 1`,
  );
  if (!county) throw new Error('仓库中没有发放明细');
  const fund = await wh.value<string>(
    `select fund_code from marts.allocation_progress where region_code = $1 and budget_year = 2020 and fund_code is not null
     order by available desc limit 1`,
    [county.code],
  );
  const doc = await wh.value<string>(
    `select doc_id from marts.document_payments where doc_id in
       (select doc_id from ledger.documents where region_code = $1 and budget_year = 2020 and txn_code = 'T04')
     order by payments desc limit 1`,
    [county.code],
  );
  const project = await wh.value<string>(`select project_code from ledger.documents where doc_id = $1`, [doc]);
  return [
    { route: 'overview', path: '/api/overview?year=2020' },
    { route: 'province children', path: `/api/regions/${county.province}/children?year=2020` },
    { route: 'city children', path: `/api/regions/${county.city}/children?year=2020` },
    { route: 'county funds', path: `/api/regions/${county.code}/funds?year=2020` },
    { route: 'documents of a fund', path: `/api/documents?region=${county.code}&year=2020&fund=${fund}&page_size=100` },
    { route: 'one document', path: `/api/documents/${doc}` },
    { route: 'one project', path: `/api/projects/${project}?year=2020` },
    { route: 'people of the project', path: `/api/people?project=${project}&year=2020&page_size=100` },
    { route: "one person's payments", path: '' },
  ];
}

function serve(db: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/fundtrail.mjs', '--db', db, '--json', 'serve', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url"\s*:\s*"([^"]+)"/.exec(out);
      if (m) resolve({ url: m[1]!.replace(/\/$/, ''), child });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function load(
  url: string,
  cookie: string,
  targets: DrillTarget[],
  seconds: number,
): Promise<{ byRoute: Map<string, number[]>; errors: number; total: number }> {
  const byRoute = new Map<string, number[]>(targets.map((t) => [t.route, []]));
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const t = targets[next++ % targets.length]!;
      const start = performance.now();
      const res = await fetch(url + t.path, { headers: { cookie } });
      await res.arrayBuffer();
      const ms = performance.now() - start;
      if (res.status !== 200) errors += 1;
      else byRoute.get(t.route)!.push(ms);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  const total = [...byRoute.values()].reduce((s, v) => s + v.length, 0);
  return { byRoute, errors, total };
}

export const apiBench: BenchGroup = {
  id: 'api',
  title: 'Drill-down API under 20 concurrent clients at province scale (issue 4)',
  async run({ workDir, quick }) {
    const db = join(workDir, 'api.duckdb');
    const given = quick ? undefined : process.env['FUNDTRAIL_BENCH_PROVINCE_DB'];
    let source = 'generated in the run';
    if (given) {
      copyFileSync(given, db);
      source = 'a copy of FUNDTRAIL_BENCH_PROVINCE_DB';
    }
    const wh = await openWarehouse(db);
    let targets: DrillTarget[];
    let payments = 0;
    try {
      if (!given) await buildDemo(wh, { scale: quick ? 'small' : 'province', seed: 1 }, silentProgress);
      else await ensureModels(wh, ['marts.regions', 'marts.region_closure', 'marts.document_payments']);
      await ensureDemoUsers(wh);
      targets = await drillPaths(wh);
      payments = Number(await wh.value('select count(*) from marts.payments'));
    } finally {
      wh.closeAll();
    }
    const { url, child } = await serve(db);
    try {
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const people = (await (await fetch(url + targets[7]!.path, { headers: { cookie } })).json()) as {
        rows: { person_ref: string }[];
      };
      targets[8]!.path = `/api/payments?person_ref=${people.rows[0]!.person_ref}&year=2020`;
      await load(url, cookie, targets, quick ? 2 : 5); // warm-up: caches, pool, plans
      const seconds = quick ? 5 : 30;
      const run = await load(url, cookie, targets, seconds);
      const all = [...run.byRoute.values()].flat().sort((a, b) => a - b);
      const rows: BenchRow[] = [
        { measure: 'warehouse', value: `${fmt.int(payments)} payments`, note: source },
        {
          measure: `all drill routes, ${CLIENTS} clients for ${seconds} s: p50 / p95`,
          value: `${percentile(all, 50).toFixed(0)} / ${percentile(all, 95).toFixed(0)} ms`,
          target: 'p95 ≤ 100 ms',
          note: `${fmt.int(run.total)} requests (${(run.total / seconds).toFixed(0)}/s), ${run.errors} errors`,
        },
      ];
      for (const [route, samples] of run.byRoute) {
        const s = samples.sort((a, b) => a - b);
        rows.push({
          measure: `  ${route}`,
          value: `${percentile(s, 50).toFixed(0)} / ${percentile(s, 95).toFixed(0)} ms`,
          note: `${s.length} requests`,
        });
      }
      return rows;
    } finally {
      child.kill('SIGTERM');
    }
  },
};
