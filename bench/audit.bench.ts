/**
 * The 专员办 audit package at `province` scale (issue 7): `fundtrail export audit` of the whole province for
 * 2020 as a child process (wall time and peak RSS under GNU time), then `fundtrail verify-extract` of it. The
 * full package — CSV, XLSX and Parquet of every table — is timed on the whole province, and once more without
 * XLSX so the XLSX share shows. The machine's load average is noted: the box may be shared with other work.
 *
 * The warehouse is a copy of FUNDTRAIL_BENCH_PROVINCE_DB (default /tmp/prov2/province.duckdb, else
 * /tmp/prov/province.duckdb); the original is never written.
 */
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openWarehouse } from '../warehouse/index.ts';
import { fmt, timedProcess, type BenchGroup, type BenchRow } from './bench.harness.ts';

function provinceDb(): string | undefined {
  const given = process.env['FUNDTRAIL_BENCH_PROVINCE_DB'];
  if (given) return given;
  return ['/tmp/prov2/province.duckdb', '/tmp/prov/province.duckdb'].find((p) => existsSync(p));
}

interface Targets {
  province: string;
  county: string;
  payments2020: number;
}

async function targets(db: string): Promise<Targets> {
  const wh = await openWarehouse(db);
  try {
    const county = await wh.value<string>(
      `select left(village_code, 6) from raw.payments where pay_month like '2020%' group by 1 order by count(*) desc limit 1`,
    );
    // the province the payments are in (the region file lists every province; the demo fills one)
    const province = await wh.value<string>(
      `select c.ancestor_code from raw.region_closure as c join raw.region_current as r on r.code = c.ancestor_code
       where c.code = $1 and r.level = 'province'`,
      [county],
    );
    const payments2020 = Number(
      await wh.value<number>(`select count(*) from raw.payments where pay_month like '2020%'`),
    );
    return { province, county, payments2020 };
  } finally {
    wh.closeAll();
  }
}

const cli = (db: string, ...args: string[]): [string, string[]] => [
  process.execPath,
  ['bin/fundtrail.mjs', '--db', db, '--json', ...args],
];

export const auditBench: BenchGroup = {
  id: 'audit',
  title: '`fundtrail export audit` at province scale (issue 7)',
  async run({ workDir, quick }) {
    const source = provinceDb();
    if (!source)
      throw new Error('没有省级演示仓库: 设置 FUNDTRAIL_BENCH_PROVINCE_DB (fundtrail demo --scale province)');
    const db = join(workDir, 'audit-province.duckdb');
    copyFileSync(source, db);
    const t = await targets(db);
    const rows: BenchRow[] = [];
    const out = join(workDir, 'audit-province');
    rmSync(out, { recursive: true, force: true });
    const region = quick ? t.county : t.province;
    const scope = quick ? 'a county' : 'the whole province';
    const load = (): string => loadavg()[0]!.toFixed(1);
    const loadBefore = load();
    const full = await timedProcess(...cli(db, 'export', 'audit', '--region', region, '--year', '2020', '--out', out));
    const loadAfter = load();
    const summary = JSON.parse(full.stdout) as { rows: number; tables: { name: string; rows: number }[] };
    const payments = summary.tables.find((x) => x.name === 'payments')?.rows ?? 0;
    const files = (
      JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: { path: string; bytes: number }[] }
    ).files;
    const gib = (list: { bytes: number }[]): string => (list.reduce((s, f) => s + f.bytes, 0) / 2 ** 30).toFixed(2);
    rows.push({
      measure: `audit package of ${scope} ${region}, 2020, CSV + XLSX + Parquet of 11 tables`,
      value: fmt.sec(full.seconds),
      target: '≤ 120 s',
      note: `${fmt.int(summary.rows)} rows, of them ${fmt.int(payments)} payments (${fmt.int(t.payments2020)} in the warehouse for 2020); ${gib(files)} GiB of files (XLSX ${gib(files.filter((f) => f.path.endsWith('.xlsx')))} GiB); peak RSS ${fmt.int(full.peakMiB)} MiB; load average ${loadBefore} before, ${loadAfter} after (2 cores); ${full.seconds <= 120 ? 'met' : 'not met'}`,
    });
    const verify = await timedProcess(...cli(db, 'verify-extract', out));
    rows.push({
      measure: 'verify-extract of that package (SHA-256 of every file, row counts, balance, hash chain)',
      value: fmt.sec(verify.seconds),
      note: `${gib(files)} GiB of files; peak RSS ${fmt.int(verify.peakMiB)} MiB`,
    });
    rmSync(out, { recursive: true, force: true });

    const loadBeforeCp = load();
    const cp = await timedProcess(
      ...cli(db, 'export', 'audit', '--region', region, '--year', '2020', '--out', out, '--formats', 'csv,parquet'),
    );
    rows.push({
      measure: `the same package without XLSX (CSV + Parquet)`,
      value: fmt.sec(cp.seconds),
      note: `XLSX adds ${fmt.sec(full.seconds - cp.seconds)}; peak RSS ${fmt.int(cp.peakMiB)} MiB; load average ${loadBeforeCp} before, ${load()} after`,
    });
    rmSync(out, { recursive: true, force: true });
    rmSync(db, { force: true });
    return rows;
  },
};
