/**
 * Ledger posting in batch: documents/s with all rules on. One batch, generated in SQL, shaped like a province's
 * year: 中央 T02 → T05 → 省 T01 → T05 to every county → 县 T01 → T04 projects → T07 plans → T08 payments.
 * Then the same batch again (every document a no-op under rule 7), and `verifyLedger` over the result.
 */
import { join } from 'node:path';
import { openWarehouse } from '../warehouse/index.ts';
import { createDocumentStage, postStagedDocuments, verifyLedger } from '../ingest/ledger/index.ts';
import { fmt, median, REPEATS, timed, type BenchGroup, type BenchRow } from './bench.harness.ts';

async function seedBatch(wh: Awaited<ReturnType<typeof openWarehouse>>, counties: number, perCounty: number) {
  await wh.run(`
    insert into raw.regions (code, valid_from, name, level, parent_code, load_id)
    select * from (values ('100000', 0, '中央', 'central', null, 0), ('520000', 0, '示范省', 'province', '100000', 0));
    insert into raw.regions (code, valid_from, name, level, parent_code, load_id)
    select '52' || lpad((c + 1)::varchar, 2, '0') || '00', 0, '市' || c, 'city', '520000', 0 from range(10) t(c);
    insert into raw.regions (code, valid_from, name, level, parent_code, load_id)
    select '52' || lpad((k % 10 + 1)::varchar, 2, '0') || lpad((k // 10 + 1)::varchar, 2, '0'), 0, '县' || k,
           'county', '52' || lpad((k % 10 + 1)::varchar, 2, '0') || '00', 0
    from range(${counties}) t(k);
    insert into raw.funds (region_code, fund_code, fund_name, upper_fund_code, upper_region_code, poverty, load_id)
    values ('100000', 'C', '中央财政专项扶贫资金', null, null, true, 0),
           ('520000', 'P', '省级财政专项扶贫资金', 'C', '100000', true, 0);
    insert into raw.funds (region_code, fund_code, fund_name, upper_fund_code, upper_region_code, poverty, load_id)
    select code, 'K', '县级财政专项扶贫资金', 'P', '520000', true, 0 from raw.regions where level = 'county';`);
  await createDocumentStage(wh, 'bench_stage');
  const unit = 100_00; // 100 元 per payment, in 分
  const perCountyAmount = perCounty * unit;
  const total = perCountyAmount * counties;
  await wh.run(`
    create temp table counties as select code, row_number() over (order by code) as k from raw.regions where level = 'county';
    insert into bench_stage (seq, doc_id, txn_code, region_code, budget_year, doc_date, fund_code, source_doc_id,
                             target_region_code, project_code, amount, doc_no)
    values (1, 'C-T02', 'T02', '100000', 2020, date '2020-01-10', 'C', null, null, null, ${total}, '财农〔2020〕1号'),
           (2, 'C-T05', 'T05', '100000', 2020, date '2020-01-20', null, 'C-T02', '520000', null, ${total}, '财农〔2020〕2号'),
           (3, 'P-T01', 'T01', '520000', 2020, date '2020-01-25', 'P', 'C-T05', null, null, ${total}, '省财农〔2020〕1号');
    insert into bench_stage (seq, doc_id, txn_code, region_code, budget_year, doc_date, fund_code, source_doc_id,
                             target_region_code, project_code, amount, doc_no)
    select 10 + k, 'P-T05-' || code, 'T05', '520000', 2020, date '2020-02-01', null, 'P-T01', code, null,
           ${perCountyAmount}, '省财农〔2020〕' || k || '号' from counties
    union all
    select 1000 + k, 'K-T01-' || code, 'T01', code, 2020, date '2020-02-10', 'K', 'P-T05-' || code, null, null,
           ${perCountyAmount}, '县财农〔2020〕' || k || '号' from counties;
    insert into bench_stage (seq, doc_id, txn_code, region_code, budget_year, doc_date, fund_code, source_doc_id,
                             target_region_code, project_code, amount, doc_no)
    select 10000 + (k * ${perCounty} + i) * 3 + step,
           case step when 0 then 'T04-' when 1 then 'T07-' else 'T08-' end || code || '-' || i,
           case step when 0 then 'T04' when 1 then 'T07' else 'T08' end,
           code, 2020, date '2020-03-01' + (step * 30)::integer, null,
           case step when 0 then 'K-T01-' || code when 1 then 'T04-' || code || '-' || i else 'T07-' || code || '-' || i end,
           null, 'PRJ-' || code || '-' || i, ${unit}, '县财农〔2020〕' || (100 + i) || '号'
    from counties, range(${perCounty}) r(i), range(3) s(step);`);
  return wh.value<number>('select count(*) from bench_stage');
}

export const ledgerBench: BenchGroup = {
  id: 'ledger',
  title: 'Ledger posting in batch (issue 2)',
  async run({ workDir, quick }) {
    const counties = 100;
    const perCounty = quick ? 100 : 1_000;
    // A fresh warehouse per repetition (a posted batch cannot be posted again as new); the median is recorded.
    const seconds: number[] = [];
    let docs = 0;
    let levels = 0;
    let postings = 0;
    let again = 0;
    let verify = { seconds: 0, ok: false };
    for (let i = 0; i < REPEATS; i++) {
      const wh = await openWarehouse(join(workDir, `ledger-${i}.duckdb`));
      try {
        docs = await seedBatch(wh, counties, perCounty);
        const first = await timed(() => wh.transaction(() => postStagedDocuments(wh, 'bench_stage', { loadId: 1 })));
        if (first.result.rejected.length > 0) {
          throw new Error(`基准批次有被拒绝的单据: ${JSON.stringify(first.result.rejected.slice(0, 3))}`);
        }
        seconds.push(first.seconds);
        levels = first.result.levels;
        postings = first.result.postings;
        if (i === REPEATS - 1) {
          again = (await timed(() => wh.transaction(() => postStagedDocuments(wh, 'bench_stage', { loadId: 2 }))))
            .seconds;
          const v = await timed(() => verifyLedger(wh));
          verify = { seconds: v.seconds, ok: v.result.ok };
        }
      } finally {
        wh.closeAll();
      }
    }
    const posting = median(seconds);
    const rows: BenchRow[] = [
      {
        measure: 'documents in the batch',
        value: fmt.int(docs),
        note: `${levels} levels, ${fmt.int(postings)} postings`,
      },
      {
        measure: 'posting, incl. commit (median of 3)',
        value: fmt.sec(posting),
        note: seconds.map(fmt.sec).join(', '),
      },
      { measure: 'documents/s, all rules on', value: fmt.int(docs / posting), target: '≥ 50,000' },
      {
        measure: 'same batch again (all unchanged)',
        value: fmt.sec(again),
        note: `${fmt.int(docs / again)} documents/s`,
      },
      {
        measure: '`verify` over the result',
        value: fmt.sec(verify.seconds),
        note: verify.ok ? 'all checks pass' : 'FAILED',
      },
    ];
    return rows;
  },
};
