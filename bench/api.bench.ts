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
import { buildModels, ensureModels } from '../models/index.ts';
import { openWarehouse, silentProgress, type Warehouse } from '../warehouse/index.ts';
import { fmt, type BenchGroup, type BenchRow } from './bench.harness.ts';

const CLIENTS = 20;

interface DrillTarget {
  route: string;
  path: string;
}

/** The drill a leader clicks through, for each of `counties` counties, with codes read from the warehouse. */
async function drillPaths(wh: Warehouse, counties: number): Promise<DrillTarget[][]> {
  const rows = await wh.all<{
    code: string;
    city: string;
    province: string;
    fund: string;
    doc: string;
    project: string;
  }>(
    `with counties as (
       select left(p.village_code, 6) as code, count(*) as n from marts.payments as p where p.pay_year = 2020 group by 1
       order by n desc limit $1
     ),
     funds as (
       select region_code, arg_max(fund_code, available) as fund from marts.allocation_progress
       where budget_year = 2020 and fund_code is not null group by 1
     ),
     docs as (
       select d.region_code, arg_max(d.doc_id, dp.payments) as doc, arg_max(d.project_code, dp.payments) as project
       from marts.document_payments as dp join ledger.documents as d on d.doc_id = dp.doc_id
       where d.budget_year = 2020 and d.txn_code = 'T04' group by 1
     )
     select c.code, r.parent_code as city, pc.parent_code as province, f.fund, d.doc, d.project
     from counties as c
     join marts.regions as r on r.code = c.code
     join marts.regions as pc on pc.code = r.parent_code
     join funds as f on f.region_code = c.code
     join docs as d on d.region_code = c.code
     order by c.code`,
    [counties],
  );
  if (rows.length === 0) throw new Error('仓库中没有发放明细');
  return rows.map((c) => [
    { route: 'overview', path: '/api/overview?year=2020' },
    { route: 'province children', path: `/api/regions/${c.province}/children?year=2020` },
    { route: 'city children', path: `/api/regions/${c.city}/children?year=2020` },
    { route: 'county funds', path: `/api/regions/${c.code}/funds?year=2020` },
    { route: 'documents of a fund', path: `/api/documents?region=${c.code}&year=2020&fund=${c.fund}&page_size=100` },
    { route: 'one document', path: `/api/documents/${c.doc}` },
    { route: 'one project', path: `/api/projects/${c.project}?year=2020` },
    { route: 'people of the project', path: `/api/people?project=${c.project}&year=2020&page_size=100` },
    { route: "one person's payments", path: '' },
  ]);
}

function serve(db: string, cache: boolean): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/fundtrail.mjs', '--db', db, '--json', 'serve', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FUNDTRAIL_RESPONSE_CACHE: cache ? '1' : '0' },
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

interface LoadResult {
  byRoute: Map<string, number[]>;
  errors: number;
  total: number;
  hits: number;
}

/** CLIENTS workers, each walking one county's drill after another (county i, i + CLIENTS, …), for `seconds`. */
async function load(url: string, cookie: string, chains: DrillTarget[][], seconds: number): Promise<LoadResult> {
  const byRoute = new Map<string, number[]>(chains[0]!.map((t) => [t.route, []]));
  let errors = 0;
  let hits = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async (w: number): Promise<void> => {
    for (let i = w; performance.now() < end; i += CLIENTS) {
      for (const t of chains[i % chains.length]!) {
        if (performance.now() >= end) return;
        const start = performance.now();
        const res = await fetch(url + t.path, { headers: { cookie } });
        await res.arrayBuffer();
        const ms = performance.now() - start;
        if (res.headers.get('x-cache') === 'hit') hits += 1;
        if (res.status !== 200) errors += 1;
        else byRoute.get(t.route)!.push(ms);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, w) => worker(w)));
  const total = [...byRoute.values()].reduce((sum, v) => sum + v.length, 0);
  return { byRoute, errors, total, hits };
}

async function signIn(url: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
  });
  return (login.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** Fills in each chain's last step: the payments of the first person of the project's people. */
async function personPaths(url: string, cookie: string, chains: DrillTarget[][]): Promise<void> {
  for (const chain of chains) {
    // page_size=1: not the URL the drill asks, so the response cache does not start warm
    const first = chain[7]!.path.replace('page_size=100', 'page_size=1');
    const people = (await (await fetch(url + first, { headers: { cookie } })).json()) as {
      rows: { person_ref: string }[];
    };
    chain[8]!.path = `/api/payments?person_ref=${people.rows[0]!.person_ref}&year=2020`;
  }
}

function resultRows(label: string, run: LoadResult, seconds: number, withRoutes: boolean): BenchRow[] {
  const all = [...run.byRoute.values()].flat().sort((a, b) => a - b);
  const rows: BenchRow[] = [
    {
      measure: `${label}: ${CLIENTS} clients for ${seconds} s, p50 / p95`,
      value: `${percentile(all, 50).toFixed(0)} / ${percentile(all, 95).toFixed(0)} ms`,
      target: 'p95 ≤ 100 ms',
      note: `${fmt.int(run.total)} requests (${(run.total / seconds).toFixed(0)}/s), ${run.errors} errors${
        run.hits > 0
          ? `, ${((100 * run.hits) / Math.max(run.total, 1)).toFixed(0)} % answered from the response cache`
          : ''
      }`,
    },
  ];
  if (withRoutes) {
    for (const [route, samples] of run.byRoute) {
      const s = samples.sort((a, b) => a - b);
      rows.push({
        measure: `  ${route}`,
        value: `${percentile(s, 50).toFixed(0)} / ${percentile(s, 95).toFixed(0)} ms`,
        note: `${s.length} requests`,
      });
    }
  }
  return rows;
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
    let chains: DrillTarget[][];
    let payments = 0;
    try {
      if (!given) await buildDemo(wh, { scale: quick ? 'small' : 'province', seed: 1 }, silentProgress);
      else
        await ensureModels(wh, [
          'marts.regions',
          'marts.region_closure',
          'marts.document_payments',
          // the marts the API reads that a warehouse built before them lacks
          'marts.scope_figures',
          'marts.scope_monthly_payments',
          'marts.project_people',
          'marts.drill_rows',
          'marts.document_cards',
          'marts.scope_documents',
          'marts.project_year_people',
        ]);
      // a warehouse built before the trace's indexes (models/marts/document_trace.yml) gets them; else unchanged
      if (given) await buildModels(wh, { select: ['marts.document_trace'], unitTests: false });
      await ensureDemoUsers(wh);
      chains = await drillPaths(wh, 100);
      payments = Number(await wh.value('select count(*) from marts.payments'));
    } finally {
      wh.closeAll();
    }
    const seconds = quick ? 5 : 30;
    const rows: BenchRow[] = [
      {
        measure: 'warehouse',
        value: `${fmt.int(payments)} payments`,
        note: `${source}; the drill of ${chains.length} counties, each client walking one county after another`,
      },
    ];
    for (const cache of [false, true]) {
      const { url, child } = await serve(db, cache);
      try {
        const cookie = await signIn(url);
        await personPaths(url, cookie, chains);
        if (!cache) await load(url, cookie, chains.slice(0, 2), quick ? 2 : 5); // warm-up: pool, plans, OS cache
        const run = await load(url, cookie, chains, seconds);
        rows.push(
          ...resultRows(
            cache ? 'with the response cache (starting empty)' : 'every answer computed (cache off)',
            run,
            seconds,
            true,
          ),
        );
        if (cache) {
          // leaders opening what others opened before: the same drills walked again
          const again = await load(url, cookie, chains, seconds);
          rows.push(...resultRows('with the response cache, the same drills walked again', again, seconds, false));
        }
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
    return rows;
  },
};
