/**
 * `fundtrail demo`: builds one realistic, seeded province into an empty warehouse, phase by phase:
 * regions → funds → people → payments → budget plan and projects → ledger (the real engine, three batches)
 * → ground truth of the injected anomalies. Big tables are generated inside DuckDB (set-based, hash-based
 * randomness); small ones in JavaScript. The same seed gives the same warehouse content.
 */
import { UserError, silentProgress, type Progress, type Warehouse } from '../../warehouse/index.ts';
import { carryOverYear, postStagedDocuments, type PostResult } from '../ledger/index.ts';
import { buildBudgetPlan, dependsOnCarry, programDocRows } from './budget.plan.ts';
import { beginLoad, finishLoad, wallClock } from './demo-loads.ts';
import { writePaymentTruth, writePlanTruth } from './ground-truth.writer.ts';
import { writeFunds, writeProjects, writeRegions, writeStage } from './master-data.writer.ts';
import { generateEnrolment, loadProgramDocs, writePayments } from './payments.generator.ts';
import { generatePeople, loadRegionWorkTables, writePeople } from './people.generator.ts';
import { generateRegionTree } from './region-tree.generator.ts';
import { SeededRandom } from './seeded-random.ts';
import { installSqlHelpers } from './sql-random.ts';
import { DEMO_AS_OF, PRIOR_YEAR, SCALES, type DemoOptions, type DemoPhase, type DemoSummary } from './demo.types.ts';
import type { DocDraft } from './plan.types.ts';

const WORK_TABLES = [
  'demo_villages',
  'demo_counties',
  'demo_townships',
  'demo_households',
  'demo_persons',
  'demo_extras',
  'demo_programs',
  'demo_enrol',
  'demo_routes',
];

const COUNTED = [
  'raw.regions',
  'raw.funds',
  'raw.projects',
  'raw.beneficiaries',
  'raw.officials',
  'raw.accounts',
  'raw.payments',
  'ledger.documents',
  'ledger.postings',
  'meta.demo_anomalies',
] as const;

/** Every generated document must pass the ledger's rules: a rejection is a bug of the generator. */
function assertAccepted(result: PostResult): void {
  if (result.rejected.length === 0) return;
  const first = result.rejected
    .slice(0, 5)
    .map((r) => `${r.doc_id} ${r.code}: ${r.message}`)
    .join('\n');
  throw new Error(`演示单据被记账规则拒绝 ${result.rejected.length} 张 (生成器的缺陷):\n${first}`);
}

/** Refuses a warehouse that already holds data: the demo builds a whole province, it does not add to one. */
async function assertEmpty(wh: Warehouse): Promise<void> {
  const used = await wh.value<number>(
    `select (select count(*) from raw.regions) + (select count(*) from ledger.documents) + (select count(*) from raw.payments)`,
  );
  if (used > 0) {
    throw new UserError(
      'DEMO_WAREHOUSE_NOT_EMPTY',
      `仓库 ${wh.path} 已有数据, 演示数据只能生成到空仓库中 (请换一个 --db 文件或删除它)`,
      2,
    );
  }
}

export async function generateDemo(
  wh: Warehouse,
  options: DemoOptions,
  progress: Progress = silentProgress,
): Promise<DemoSummary> {
  const params = SCALES[options.scale];
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw new UserError('DEMO_BAD_SEED', `--seed 必须是非负整数 (收到 ${options.seed})`, 2);
  }
  await assertEmpty(wh);
  const rng = new SeededRandom(options.seed);
  const phases: DemoPhase[] = [];
  const t0 = Date.now();
  const startedAt = wallClock();
  // Each phase commits on its own: a province-scale demo in one transaction would hold every row (and the
  // payments' key index) in memory until the end.
  let committed = 0;
  const phase = async <T>(
    key: string,
    label: string,
    total: number,
    body: (tx: Warehouse, step: (n: number) => void) => Promise<T>,
  ): Promise<T> => {
    const t = Date.now();
    progress.start(label, total, '步');
    try {
      const out = await wh.transaction((tx) => body(tx, (n) => progress.update(n)));
      committed += 1;
      return out;
    } catch (err) {
      if (committed === 0) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(
        `演示数据生成在「${label}」阶段失败: ${message}\n仓库 ${wh.path} 中已写入部分演示数据, 请删除该文件后重试`,
        { cause: err },
      );
    } finally {
      progress.update(total);
      progress.stop();
      phases.push({ phase: key, label, ms: Date.now() - t });
    }
  };

  await wh.run(`set memory_limit = '${params.memoryLimit}'; set preserve_insertion_order = false`);
  try {
    await installSqlHelpers(wh, options.seed);
    const tree = await phase('regions', '区划', 2, async (tx, step) => {
      const t = generateRegionTree(rng, params);
      const load = await beginLoad(tx, 'regions', 'regions');
      await finishLoad(tx, load, await writeRegions(tx, t, load.loadId));
      step(1);
      await loadRegionWorkTables(tx, t);
      return t;
    });

    await phase('people', '人员', 6, async (tx, step) => {
      await generatePeople(tx, params, step);
      const loads = {
        beneficiaries: await beginLoad(tx, 'beneficiaries', 'beneficiaries'),
        officials: await beginLoad(tx, 'officials', 'officials'),
        accounts: await beginLoad(tx, 'accounts', 'accounts'),
      };
      await writePeople(tx, {
        beneficiaries: loads.beneficiaries.loadId,
        officials: loads.officials.loadId,
        accounts: loads.accounts.loadId,
      });
      for (const [table, load] of Object.entries(loads)) {
        await finishLoad(
          tx,
          load,
          await tx.value<number>(`select count(*) from raw.${table} where load_id = $1`, [load.loadId]),
        );
      }
    });

    const programTotals = await phase('payments', '发放明细', 3, async (tx, step) => {
      await loadProgramDocs(tx, programDocRows(tree));
      await generateEnrolment(tx);
      step(1);
      const load = await beginLoad(tx, 'payments', 'payments');
      await finishLoad(tx, load, await writePayments(tx, load.loadId));
      await tx.run('drop table demo_enrol');
      step(2);
      const rows = await tx.all<{ doc_id: string; m: number; paid: number }>(
        `select doc_id, substr(pay_month, 6, 2)::integer as m, sum(paid)::bigint as paid
         from raw.payments group by all order by all`,
      );
      const totals = new Map<string, number[]>();
      for (const r of rows) {
        const months = totals.get(r.doc_id) ?? Array.from({ length: 13 }, () => 0);
        months[r.m] = r.paid;
        totals.set(r.doc_id, months);
      }
      return totals;
    });

    await phase('payment-truth', '发放异常真值', 1, async (tx) => {
      await writePaymentTruth(tx);
      for (const t of WORK_TABLES) await tx.run(`drop table if exists ${t}`);
    });

    const plan = await phase('plan', '预算与项目', 2, async (tx, step) => {
      const p = buildBudgetPlan(rng, tree, params, programTotals);
      step(1);
      const funds = await beginLoad(tx, 'funds', 'funds');
      await finishLoad(tx, funds, await writeFunds(tx, tree, p.partner, funds.loadId));
      const projects = await beginLoad(tx, 'projects', 'projects');
      await finishLoad(tx, projects, await writeProjects(tx, rng, p.projects, p.spare, p.docs, projects.loadId));
      return p;
    });

    const ledger = await phase('ledger', '记账', 5, async (tx, step) => {
      const results: PostResult[] = [];
      const post = async (label: string, docs: readonly DocDraft[]): Promise<void> => {
        const table = 'demo_stage';
        await writeStage(tx, table, docs);
        const load = await beginLoad(tx, 'indicators', label);
        const result = await postStagedDocuments(tx, table, { loadId: load.loadId });
        await finishLoad(tx, load, result.read, result.rejected.length);
        await tx.run(`drop table ${table}`);
        assertAccepted(result);
        results.push(result);
      };
      const afterCarry = dependsOnCarry(plan.docs, plan.carried);
      await post(
        'documents',
        plan.docs.filter((d) => d.stage === 1 && !afterCarry.has(d.docId)),
      );
      step(1);
      // Year-end carry-over of the prior year by the engine: it must carry exactly what the plan left over.
      const load = await beginLoad(tx, 'indicators', 'documents:carry-over');
      const carry = await carryOverYear(tx, PRIOR_YEAR, { loadId: load.loadId });
      await finishLoad(tx, load, carry.read, carry.rejected.length);
      assertAccepted(carry);
      const got = await tx.all<{ doc_id: string; amount: number }>(
        `select doc_id, amount from ledger.documents where txn_code = 'T10' and load_id = $1 order by doc_id`,
        [load.loadId],
      );
      const want = [...plan.carried].sort((a, b) => (a.docId < b.docId ? -1 : 1));
      if (
        JSON.stringify(got.map((r) => [r.doc_id, r.amount])) !== JSON.stringify(want.map((c) => [c.docId, c.amount]))
      ) {
        throw new Error(`年终结转结果与计划不符: 结转 ${JSON.stringify(got)}, 计划 ${JSON.stringify(want)}`);
      }
      results.push(carry);
      step(2);
      await post(
        'documents:after-carry-over',
        plan.docs.filter((d) => d.stage === 1 && afterCarry.has(d.docId)),
      );
      step(3);
      await post(
        'documents:corrections',
        plan.docs.filter((d) => d.stage === 2),
      );
      step(4);
      await post(
        'documents:rearranged',
        plan.docs.filter((d) => d.stage === 3),
      );
      await writePlanTruth(tx, plan.truth);
      return results;
    });

    const counts: Record<string, number> = {};
    for (const t of COUNTED) counts[t] = await wh.value<number>(`select count(*) from ${t}`);
    const anomalyRows = await wh.all<{ rule_code: string; n: number }>(
      'select rule_code, count(*)::bigint as n from meta.demo_anomalies group by all order by all',
    );
    const summary: DemoSummary = {
      db: wh.path,
      scale: options.scale,
      seed: options.seed,
      asOf: DEMO_AS_OF,
      counts,
      anomalies: Object.fromEntries(anomalyRows.map((r) => [r.rule_code, r.n])),
      ledger: {
        read: ledger.reduce((a, r) => a + r.read, 0),
        accepted: ledger.reduce((a, r) => a + r.accepted, 0),
        rejected: ledger.reduce((a, r) => a + r.rejected.length, 0),
        postings: ledger.reduce((a, r) => a + r.postings, 0),
      },
      phases,
      totalMs: Date.now() - t0,
    };
    await wh.run(
      `insert into meta.demo_runs (run_id, scale, seed, as_of, started_at, finished_at, summary)
       values ((select coalesce(max(run_id), 0) + 1 from meta.demo_runs), $1, $2, $3::date, $4::timestamp, $5::timestamp, $6::json)`,
      [
        options.scale,
        options.seed,
        DEMO_AS_OF,
        startedAt,
        wallClock(),
        JSON.stringify({ counts, anomalies: summary.anomalies, phases }),
      ],
    );
    return summary;
  } finally {
    await wh.run('reset memory_limit; reset preserve_insertion_order');
  }
}
