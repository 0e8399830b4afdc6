/**
 * `fundtrail check [--as-of DATE] [--rule CODE]...`: runs the monitoring rules (models/rules/) over the built models
 * and records their findings as alerts (models/monitoring/). The models the rules read are built first when the
 * data changed since the last build. Exit 1 when a rule's SQL failed (its alerts are left as they were).
 */
import type { Command } from 'commander';
import { ensureModels } from '../../models/index.ts';
import {
  loadRules,
  ruleModelRefs,
  runChecks,
  selectRules,
  LEVEL_NAMES,
  type CheckResult,
} from '../../models/monitoring/index.ts';
import { UserError, type Progress, type Warehouse } from '../../warehouse/index.ts';
import { humanBuildReport } from './build.command.ts';
import { report, runCommand, stderrProgress, withWarehouse, type GlobalOptions } from '../cli.context.ts';

interface CheckFlags {
  asOf?: string;
  rule?: string[];
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} 秒`;

export function humanCheckReport(r: CheckResult): string[] {
  const lines = [
    `检查 #${r.runId} (截至 ${r.asOf}): ${r.rules.length} 条规则, ${r.findings} 个发现, 用时 ${seconds(r.ms)}`,
    `  新告警 ${r.opened}, 重新出现 ${r.reopened}, 已消除 ${r.closed}`,
  ];
  for (const o of r.rules) {
    const mark = o.status === 'ok' ? '✓' : '✗';
    lines.push(
      `  ${mark} ${o.code.padEnd(5)} ${o.title.padEnd(20, '　')} ${o.level.padEnd(6)} ${String(o.findings).padStart(6)} 个  ${seconds(o.ms)}${o.message ? `  ${o.message}` : ''}`,
    );
  }
  lines.push(`待处置告警: ${r.open.map((c) => `${LEVEL_NAMES[c.level]} ${c.open}`).join(', ')}`);
  lines.push(r.ok ? '检查完成' : '检查未完成: 有规则运行出错');
  return lines;
}

/** Builds what the rules read when needed, then runs them (also used by `demo`). */
export async function checkWarehouse(
  wh: Warehouse,
  options: { asOf?: string | undefined; rules?: readonly string[]; progress: Progress },
): Promise<CheckResult> {
  const rules = selectRules(loadRules(), options.rules ?? []);
  const build = await ensureModels(wh, ruleModelRefs(rules), { progress: options.progress });
  if (build && !build.ok) {
    process.stderr.write(`${humanBuildReport(build).join('\n')}\n`);
    throw new UserError('CHECK_BUILD_FAILED', '检查前构建模型未通过, 未运行监控规则');
  }
  return runChecks(wh, { asOf: options.asOf, rules: options.rules, progress: options.progress });
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('运行监控规则 (models/rules/) 并记录告警')
    .option('--as-of <date>', '按该日期评估时间类规则 (YYYY-MM-DD; 默认 vars.yml 的 as_of、演示数据的截至日期或今天)')
    .option('--rule <code...>', '只运行这些规则, 如 --rule P03 M05')
    .action(async (flags: CheckFlags) => {
      const opts = program.opts<GlobalOptions>();
      await runCommand(opts, async () =>
        withWarehouse(opts, async (wh) => {
          const result = await checkWarehouse(wh, {
            asOf: flags.asOf,
            rules: flags.rule ?? [],
            progress: stderrProgress(),
          });
          report(opts, result, humanCheckReport(result));
          return result.ok ? 0 : 1;
        }),
      );
    });
}
