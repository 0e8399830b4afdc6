import type { Command } from 'commander';
import { z } from 'zod';
import { UserError } from '../../warehouse/index.ts';
import { generateDemo } from '../../ingest/demo/demo.generator.ts';
import type { DemoSummary } from '../../ingest/demo/demo.types.ts';
import { buildModels, type BuildResult } from '../../models/index.ts';
import type { Progress, Warehouse } from '../../warehouse/index.ts';
import { humanBuildReport } from './build.command.ts';
import { runChecks, type CheckResult } from '../../models/monitoring/index.ts';
import { ensureDemoUsers, humanDemoUsers, type DemoUser } from '../../server/auth/demo.users.ts';
import { report, runCommand, stderrProgress, withWarehouse, type GlobalOptions } from '../cli.context.ts';

const DemoArgs = z.object({
  scale: z.enum(['small', 'province']),
  seed: z.coerce
    .number()
    .int()
    .nonnegative()
    .max(2 ** 31 - 1),
});

export function parseDemoArgs(raw: { scale?: string; seed?: string }): z.infer<typeof DemoArgs> {
  const parsed = DemoArgs.safeParse({ scale: raw.scale ?? 'small', seed: raw.seed ?? '1' });
  if (!parsed.success) {
    const fields = new Set(parsed.error.issues.map((i) => String(i.path[0])));
    const problems = [
      fields.has('scale') ? `--scale 应为 small 或 province (收到 ${raw.scale})` : null,
      fields.has('seed') ? `--seed 应为非负整数 (收到 ${raw.seed})` : null,
    ].filter((p) => p !== null);
    throw new UserError('DEMO_BAD_ARGS', `参数错误: ${problems.join('; ')}`, 2);
  }
  return parsed.data;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} 秒`;

export function humanDemoReport(s: DemoSummary): string[] {
  const lines = [
    `已生成演示仓库 ${s.db} (规模 ${s.scale}, 种子 ${s.seed}, 数据截至 ${s.asOf}), 用时 ${seconds(s.totalMs)}`,
  ];
  lines.push('数据量:');
  for (const [table, n] of Object.entries(s.counts)) lines.push(`  ${table.padEnd(22)} ${n.toLocaleString('zh-CN')}`);
  lines.push(`记账: ${s.ledger.accepted} 张单据通过, ${s.ledger.rejected} 张被拒, 分录 ${s.ledger.postings} 条`);
  lines.push(
    `注入的异常 (meta.demo_anomalies): ${Object.entries(s.anomalies)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  lines.push(`各阶段用时: ${s.phases.map((p) => `${p.label} ${seconds(p.ms)}`).join(', ')}`);
  return lines;
}

export interface DemoBuild {
  demo: DemoSummary;
  build: BuildResult;
  /** the sign-in users of the demo, one per role */
  users: DemoUser[];
  /** the monitoring rules run over the built models (null when the build failed) */
  check: CheckResult | null;
}

/** contract.md's demo: the data and the ledger (generateDemo), then the models built and tested over them. */
export async function buildDemo(wh: Warehouse, args: z.infer<typeof DemoArgs>, progress: Progress): Promise<DemoBuild> {
  const demo = await generateDemo(wh, args, progress);
  const build = await buildModels(wh, { progress });
  // contract.md: the demo warehouse comes with its alerts
  const check = build.ok ? await runChecks(wh, { progress }) : null;
  const users = await ensureDemoUsers(wh);
  return { demo, build, users, check };
}

export function humanDemoBuildReport(r: DemoBuild): string[] {
  const report = humanBuildReport(r.build);
  const check = r.check
    ? [`监控检查 #${r.check.runId}: ${r.check.rules.length} 条规则, ${r.check.opened} 条告警 (截至 ${r.check.asOf})`]
    : [];
  return [...humanDemoReport(r.demo), report[0]!, ...report.slice(-1), ...check, ...humanDemoUsers(r.users)];
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('生成一个真实感的演示仓库 (区划、资金、人员、发放明细、指标账, 以及注入的异常真值)')
    .option('--scale <scale>', '规模: small (约 1 万人) 或 province (约 300 万人)', 'small')
    .option('--seed <n>', '随机种子 (相同种子生成相同数据)', '1')
    .action(async (cmd: { scale?: string; seed?: string }) => {
      const opts = program.opts<GlobalOptions>();
      await runCommand(opts, async () => {
        const args = parseDemoArgs(cmd);
        const result = await withWarehouse(opts, (wh) => buildDemo(wh, args, stderrProgress()));
        report(
          opts,
          { ...result.demo, build: result.build, check: result.check },
          result.build.ok ? humanDemoBuildReport(result) : humanBuildReport(result.build),
        );
        return result.build.ok ? 0 : 1;
      });
    });
}
