/**
 * The monitoring rules at `province` scale (issue 5): every rule of models/rules/ run and recorded by `runChecks`
 * (target ≤ 30 s), and the in-flow check of one document and of one payment (target ≤ 20 ms each).
 *
 * The warehouse is a copy of FUNDTRAIL_BENCH_PROVINCE_DB (a province demo made earlier) or a province demo
 * generated in the work folder; the models are built first (not measured).
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemo } from '../ingest/demo/demo.generator.ts';
import { buildModels } from '../models/index.ts';
import {
  checkDocumentInFlow,
  checkPaymentInFlow,
  prepareInFlow,
  runChecks,
  type CheckResult,
} from '../models/monitoring/index.ts';
import { openWarehouse, type Warehouse } from '../warehouse/index.ts';
import { fmt, median, REPEATS, timed, type BenchGroup, type BenchRow } from './bench.harness.ts';

const IN_FLOW_REPEATS = 20;

async function inFlowTimings(wh: Warehouse): Promise<{ document: number[]; payment: number[] }> {
  const t04 = await wh.one<{ doc_id: string; region_code: string; fund_code: string }>(
    `select doc_id, region_code, fund_code from ledger.documents where txn_code = 'T04' and for_poor limit 1`,
  );
  const payment = await wh.one<{
    payment_id: string;
    doc_id: string;
    person_id: string;
    name: string;
    village_code: string;
    project_code: string;
    account_no: string;
  }>(`select payment_id, doc_id, person_id, name, village_code, project_code, account_no from raw.payments limit 1`);
  if (!t04 || !payment) throw new Error('仓库中没有可用于事中检查的单据或发放明细');
  await prepareInFlow(wh);
  const document: number[] = [];
  const pay: number[] = [];
  for (let i = 0; i < IN_FLOW_REPEATS; i++) {
    const d = await timed(() =>
      checkDocumentInFlow(wh, {
        doc_id: `BENCH-${i}`,
        txn_code: 'T04',
        region_code: t04.region_code,
        budget_year: 2020,
        doc_date: '2020-12-01',
        amount: 100_000,
        source_doc_id: t04.doc_id,
        project_code: 'BENCH',
        project_name: '基准测试项目',
        func_subject: '2130505',
        econ_subject: '31005',
      }),
    );
    document.push(d.seconds * 1000);
    const p = await timed(() =>
      checkPaymentInFlow(wh, {
        ...payment,
        payment_id: `BENCH-${i}`,
        pay_month: '2021-01',
        payable: 10_000,
        paid: 10_000,
      }),
    );
    pay.push(p.seconds * 1000);
  }
  return { document, payment: pay };
}

const slowestRules = (r: CheckResult, n: number): string =>
  [...r.rules]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n)
    .map((o) => `${o.code} ${(o.ms / 1000).toFixed(1)} s`)
    .join(', ');

export const rulesBench: BenchGroup = {
  id: 'rules',
  title: '`fundtrail check` and in-flow checks at province scale (issue 5)',
  async run({ workDir, quick }) {
    const db = join(workDir, 'rules.duckdb');
    const given = process.env['FUNDTRAIL_BENCH_PROVINCE_DB'];
    let source = 'generated in the run';
    if (given && !quick) {
      copyFileSync(given, db);
      source = 'a copy of FUNDTRAIL_BENCH_PROVINCE_DB (a `demo --scale province` warehouse)';
    }
    const wh = await openWarehouse(db);
    try {
      if (!given || quick) await generateDemo(wh, { scale: quick ? 'small' : 'province', seed: 1 });
      // the models as this code builds them (a given warehouse may be of an older version: its tables that are
      // current are left as they are)
      const built = await buildModels(wh, { unitTests: false });
      if (!built.ok) throw new Error('构建未通过');
      const payments = Number(await wh.value('select count(*) from raw.payments'));
      const runs: { seconds: number; result: CheckResult }[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const run = await timed(() => runChecks(wh));
        if (!run.result.ok) {
          const failed = run.result.rules.filter((r) => r.status === 'error');
          throw new Error(`规则出错: ${failed.map((r) => `${r.code} ${r.message}`).join('; ')}`);
        }
        runs.push(run);
      }
      const all = median(runs.map((r) => r.seconds));
      const first = runs[0]!.result;
      const inFlow = await inFlowTimings(wh);
      const rows: BenchRow[] = [
        { measure: 'warehouse', value: `${fmt.int(payments)} payments`, note: source },
        {
          measure: `all ${first.rules.length} rules, alerts recorded (median of ${REPEATS})`,
          value: fmt.sec(all),
          target: '≤ 30 s',
          note: `${runs.map((r) => fmt.sec(r.seconds)).join(', ')}; first run ${fmt.int(first.findings)} findings, ${fmt.int(first.opened)} new alerts`,
        },
        { measure: 'slowest rules (first run)', value: '', note: slowestRules(first, 6) },
        {
          measure: `in-flow check of one document (median of ${IN_FLOW_REPEATS})`,
          value: `${median(inFlow.document).toFixed(1)} ms`,
          target: '≤ 20 ms',
        },
        {
          measure: `in-flow check of one payment (median of ${IN_FLOW_REPEATS})`,
          value: `${median(inFlow.payment).toFixed(1)} ms`,
          target: '≤ 20 ms',
        },
      ];
      return rows;
    } finally {
      wh.closeAll();
    }
  },
};
