/**
 * Report templates at `province` scale (issue 6): each standard form rendered for the province (target ≤ 1 s,
 * median of 3 after one warm-up), and an XLSX export of 1 million payment rows streamed to disk in a child
 * process whose peak RSS is recorded (bounded memory). The warehouse is a copy of FUNDTRAIL_BENCH_PROVINCE_DB,
 * or a small demo with --quick.
 */
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemo } from '../ingest/demo/demo.generator.ts';
import { buildModels } from '../models/index.ts';
import { openWarehouse } from '../warehouse/index.ts';
import { STANDARD_FORMS, standardTemplate } from '../report-templates/standard.templates.ts';
import { renderReport } from '../report-templates/report.renderer.ts';
import { fmt, median, REPEATS, timed, timedProcess, type BenchGroup, type BenchRow } from './bench.harness.ts';

export const reportsBench: BenchGroup = {
  id: 'reports',
  title: 'Report templates: standard forms and a 1-million-row XLSX at province scale (issue 6)',
  async run({ workDir, quick }) {
    const db = join(workDir, 'reports.duckdb');
    const given = process.env['FUNDTRAIL_BENCH_PROVINCE_DB'];
    let source = 'generated in the run';
    if (given && !quick) {
      copyFileSync(given, db);
      source = 'a copy of FUNDTRAIL_BENCH_PROVINCE_DB (a `demo --scale province` warehouse)';
    }
    const wh = await openWarehouse(db);
    const rows: BenchRow[] = [];
    let payments = 0;
    try {
      if (!given || quick) {
        await generateDemo(wh, { scale: quick ? 'small' : 'province', seed: 1 });
        await buildModels(wh, { unitTests: false });
      }
      payments = Number(await wh.value('select count(*) from marts.payments'));
      const province = await wh.one<{ code: string; name: string; level: string }>(
        `select code, name, level from marts.regions where level = 'province' order by descendants desc limit 1`,
      );
      if (!province) throw new Error('仓库中没有省');
      rows.push({
        measure: 'warehouse',
        value: `${fmt.int(payments)} payments`,
        note: `${source}; forms for ${province.name}`,
      });
      for (const id of STANDARD_FORMS) {
        const checked = standardTemplate(id)!;
        const render = () => renderReport(wh, checked, { region: province, year: 2020 });
        const warm = await render();
        const runs: number[] = [];
        for (let i = 0; i < REPEATS; i++) runs.push((await timed(render)).seconds);
        rows.push({
          measure: `${checked.template.title} (${id}), median of ${REPEATS}`,
          value: fmt.sec(median(runs)),
          target: '≤ 1 s',
          note: `${warm.rows.length} rows; ${runs.map((s) => fmt.sec(s)).join(', ')}`,
        });
      }
    } finally {
      wh.closeAll();
    }
    const n = Math.min(1_000_000, payments);
    const out = join(workDir, 'payments.xlsx');
    const child = await timedProcess(process.execPath, [
      join(import.meta.dirname, '..', 'bin', 'run-ts.mjs'),
      join(import.meta.dirname, 'reports-xlsx.child.ts'),
      db,
      out,
      String(n),
    ]);
    rows.push({
      measure: `XLSX export of ${fmt.int(n)} payment rows (streaming writer, child process)`,
      value: fmt.sec(child.seconds),
      note: `peak RSS ${child.peakMiB} MiB; file ${(statSync(out).size / 1024 / 1024).toFixed(0)} MiB`,
    });
    return rows;
  },
};
