/**
 * Ingest of a payments CSV: rows/s of `ingestFile` (read, map, validate every row set-based, idempotency check,
 * store in one transaction) against DuckDB's own `read_csv` into a table, on the same file in the same run.
 * The base warehouse is the small demo (its villages and documents make the rows valid); the CSV is written
 * by DuckDB from those, with fresh payment ids.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openWarehouse, sqlString } from '../warehouse/index.ts';
import { generateDemo } from '../ingest/demo/demo.generator.ts';
import { ingestFile } from '../ingest/index.ts';
import { fmt, median, REPEATS, timed, type BenchGroup } from './bench.harness.ts';

export const ingestBench: BenchGroup = {
  id: 'ingest',
  title: 'Ingest of a payments CSV (issue 2)',
  async run({ workDir, quick }) {
    const rows = quick ? 200_000 : 2_000_000;
    const wh = await openWarehouse(join(workDir, 'ingest.duckdb'));
    try {
      await generateDemo(wh, { scale: 'small', seed: 7 });
      const file = join(workDir, 'payments.csv');
      await wh.run(`
        create temp table pay_base as
          select doc_id, doc_no, project_code, person_id, name, village_code, account_no, bank, unit,
                 row_number() over (order by payment_id) - 1 as i
          from raw.payments where doc_id is not null;
      `);
      const base = await wh.value<number>('select count(*) from pay_base');
      await wh.run(`
        copy (
          select 'BENCH-' || r.range as payment_id, b.doc_id, b.doc_no, null as sup_doc_no, b.project_code,
                 b.person_id, b.name, b.village_code, '2020-' || lpad((r.range % 12 + 1)::varchar, 2, '0') as pay_month,
                 printf('%.2f', 100 + (r.range % 50000) / 100) as payable,
                 printf('%.2f', 100 + (r.range % 50000) / 100) as paid,
                 b.account_no, b.bank, b.unit
          from range(${rows}) r
          join pay_base b on b.i = r.range % ${base}
        ) to ${sqlString(file)} (header, delimiter ',')`);
      const bytes = statSync(file).size;

      // Alternate the two, REPEATS times each, on fresh tables, and compare medians: a lone run on a shared
      // 2-core machine varies by a third.
      const rawTimes: number[] = [];
      const ourTimes: number[] = [];
      let again = { seconds: 0, unchanged: 0 };
      for (let i = 0; i < REPEATS; i++) {
        const raw = await timed(() =>
          wh.run(`create or replace table main.bench_raw_copy as select * from read_csv(${sqlString(file)})`),
        );
        rawTimes.push(raw.seconds);
        await wh.run('drop table main.bench_raw_copy');
        if (i > 0) await wh.run(`delete from raw.payments where payment_id like 'BENCH-%'`);
        const ours = await timed(() => ingestFile(wh, 'payments', file, { rejectsDir: null }));
        if (ours.result.accepted !== rows || ours.result.unchanged !== 0) {
          throw new Error(`基准文件应全部新接受: 读取 ${ours.result.rows_read}, 接受 ${ours.result.accepted}`);
        }
        ourTimes.push(ours.seconds);
      }
      const reload = await timed(() => ingestFile(wh, 'payments', file, { rejectsDir: null }));
      again = { seconds: reload.seconds, unchanged: reload.result.unchanged };
      const raw = { seconds: median(rawTimes) };
      const ours = { seconds: median(ourTimes) };
      const rawRate = rows / raw.seconds;
      const ourRate = rows / ours.seconds;
      return [
        { measure: 'file', value: `${fmt.int(rows)} rows, ${(bytes / 2 ** 20).toFixed(0)} MiB` },
        {
          measure: 'DuckDB read_csv into a table (median of 3)',
          value: `${fmt.sec(raw.seconds)} (${fmt.int(rawRate)} rows/s)`,
        },
        { measure: '`ingest payments` (median of 3)', value: `${fmt.sec(ours.seconds)} (${fmt.int(ourRate)} rows/s)` },
        { measure: 'ratio to raw read_csv', value: fmt.ratio(ourRate / rawRate), target: '≥ 0.6' },
        {
          measure: 'same file again (all unchanged)',
          value: fmt.sec(again.seconds),
          note: `${fmt.int(again.unchanged)} unchanged`,
        },
      ];
    } finally {
      wh.closeAll();
    }
  },
};
