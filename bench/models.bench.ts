/**
 * `fundtrail build` at `province` scale (issue 3): the full build of every model with its tests, and the
 * incremental build after one new month of payments, against the targets (≤ 60 s; ≤ 10 % of the full build).
 *
 * The warehouse is a province demo generated in the work folder, or a copy of FUNDTRAIL_BENCH_PROVINCE_DB
 * (a province demo warehouse made earlier), so a developer can skip the generation.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemo } from '../ingest/demo/demo.generator.ts';
import { buildModels, type BuildResult } from '../models/index.ts';
import { openWarehouse, type Warehouse } from '../warehouse/index.ts';
import { fmt, median, REPEATS, timed, type BenchGroup, type BenchRow } from './bench.harness.ts';

/** Peak resident memory of this process so far (MiB), from /proc. */
function peakMiB(): number {
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
  const kb = /VmHWM:\s+(\d+) kB/.exec(status);
  return kb ? Math.round(Number(kb[1]) / 1024) : Number.NaN;
}

/** A new month of payments: the last month's rows again under new ids, in its own load. */
async function addMonth(wh: Warehouse, month: string): Promise<number> {
  const loadId = Number(await wh.value('select coalesce(max(load_id), 0) + 1 from meta.loads'));
  await wh.run(
    `insert into meta.loads (load_id, entity, file_name, file_format, status, rows_read, rows_accepted, started_at, finished_at)
     values ($1, 'payments', $2, 'generated', 'done', 0, 0, current_timestamp, current_timestamp)`,
    [loadId, `bench:${month}`],
  );
  return wh.run(
    `insert into raw.payments
     select payment_id || '-' || $1, doc_id, doc_no, sup_doc_no, project_code, person_id, name, village_code, $1,
       payable, paid, account_no, bank, unit, $2, row_no, extra
     from raw.payments where pay_month = (select max(pay_month) from raw.payments where pay_month < $1)`,
    [month, loadId],
  );
}

const slowest = (r: BuildResult, n: number): string =>
  [...r.models]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n)
    .map((m) => `${m.name.split('.')[1]} ${(m.ms / 1000).toFixed(1)} s`)
    .join(', ');

export const modelsBench: BenchGroup = {
  id: 'models',
  title: '`fundtrail build` at province scale (issue 3)',
  async run({ workDir, quick }) {
    const db = join(workDir, 'models.duckdb');
    const given = process.env['FUNDTRAIL_BENCH_PROVINCE_DB'];
    let source = 'generated in the run';
    if (given && !quick) {
      copyFileSync(given, db);
      source = `a copy of FUNDTRAIL_BENCH_PROVINCE_DB (a \`demo --scale province\` warehouse)`;
    }
    const wh = await openWarehouse(db);
    try {
      if (!given || quick) await generateDemo(wh, { scale: quick ? 'small' : 'province', seed: 1 });
      const payments = Number(await wh.value('select count(*) from raw.payments'));

      const fulls: { seconds: number; result: BuildResult }[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const run = await timed(() => buildModels(wh, { fullRefresh: true }));
        if (!run.result.ok)
          throw new Error(`构建未通过: ${JSON.stringify(run.result.tests.filter((t) => t.status !== 'pass'))}`);
        fulls.push(run);
      }
      const full = median(fulls.map((f) => f.seconds));

      const increments: { seconds: number; result: BuildResult; added: number; month: string }[] = [];
      for (const month of ['2021-01', '2021-02', '2021-03'].slice(0, REPEATS)) {
        const added = await addMonth(wh, month);
        const run = await timed(() => buildModels(wh));
        if (!run.result.ok) throw new Error('增量构建未通过');
        increments.push({ ...run, added, month });
      }
      const incremental = median(increments.map((r) => r.seconds));
      const last = increments[increments.length - 1]!;
      const paymentsModel = last.result.models.find((m) => m.name === 'marts.payments');

      const rows: BenchRow[] = [
        {
          measure: 'warehouse',
          value: `${fmt.int(payments)} payments`,
          note: `${source}; ${fulls[0]!.result.models.length} models, ${fulls[0]!.result.tests.length} tests`,
        },
        {
          measure: `full build incl. tests (median of ${REPEATS})`,
          value: fmt.sec(full),
          target: '≤ 60 s',
          note: fulls.map((f) => fmt.sec(f.seconds)).join(', '),
        },
        { measure: 'slowest models (full)', value: '', note: slowest(fulls[0]!.result, 5) },
        {
          measure: `incremental build after one new month (median of ${REPEATS})`,
          value: fmt.sec(incremental),
          target: '≤ 10 % of full',
          note: increments.map((r) => `${r.month}: +${fmt.int(r.added)} rows, ${fmt.sec(r.seconds)}`).join('; '),
        },
        {
          measure: 'ratio incremental / full',
          value: `${((incremental / full) * 100).toFixed(1)} %`,
          target: '≤ 10 %',
        },
        {
          measure: 'slowest models (incremental)',
          value: '',
          note: `${slowest(last.result, 5)}; marts.payments rebuilt ${JSON.stringify(paymentsModel?.partitions ?? [])}`,
        },
        { measure: 'peak memory (max RSS of the bench process)', value: `${fmt.int(peakMiB())} MiB` },
      ];
      return rows;
    } finally {
      wh.closeAll();
    }
  },
};
