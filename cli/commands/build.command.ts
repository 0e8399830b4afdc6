/**
 * `fundtrail build [--select SELECTOR]... [--full-refresh]`: builds the SQL models in dependency order and runs
 * their tests (models/MODELS.md). Exit 1 when a model fails to build or an error-severity test fails, naming
 * the model, the test and sample failing rows.
 */
import type { Command } from 'commander';
import { buildModels, isBlocking, type BuildResult } from '../../models/index.ts';
import { report, runCommand, stderrProgress, withWarehouse, type GlobalOptions } from '../cli.context.ts';

interface BuildFlags {
  select?: string[];
  fullRefresh?: boolean;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} 秒`;

export function humanBuildReport(r: BuildResult): string[] {
  const built = r.models.filter((m) => m.status === 'built');
  const lines = [`构建 #${r.runId}: ${built.length}/${r.models.length} 个模型, 用时 ${seconds(r.ms)}`];
  for (const m of r.models) {
    const parts = [m.status === 'built' ? '✓' : m.status === 'skipped' ? '−' : '✗', m.name.padEnd(44)];
    if (m.status === 'built') {
      parts.push(
        m.mode === 'incremental'
          ? `增量 ${m.partitions?.length ?? 0} 个分区`
          : m.mode === 'unchanged'
            ? '未变 (SQL 与上游同上次构建)'
            : (m.mode ?? ''),
      );
      if (m.rows !== undefined) parts.push(`${m.rows.toLocaleString('zh-CN')} 行`);
      parts.push(seconds(m.ms));
    } else parts.push(m.message ?? '');
    lines.push(`  ${parts.join(' ')}`);
  }
  const failed = r.tests.filter((t) => t.status === 'fail' || t.status === 'error');
  const skipped = r.tests.filter((t) => t.status === 'skipped');
  const passed = r.tests.length - failed.length - skipped.length;
  lines.push(`测试: ${passed} 通过, ${failed.length} 未通过${skipped.length ? `, ${skipped.length} 跳过` : ''}`);
  for (const t of skipped) lines.push(`  [跳过] ${t.model} · ${t.test}: ${t.message ?? ''}`);
  for (const t of failed) {
    const level = isBlocking(t) ? '错误' : '警告';
    lines.push(
      `  [${level}] ${t.model} · ${t.test}: ${t.message ?? `${t.failures} 行不符合`}${t.auditTable ? ` (见 ${t.auditTable})` : ''}`,
    );
    for (const row of t.sample.slice(0, 3)) lines.push(`      ${JSON.stringify(row)}`);
  }
  lines.push(r.ok ? '构建通过' : '构建未通过');
  return lines;
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('按依赖顺序构建 SQL 模型并运行其测试')
    .option('--select <selector...>', '只构建这些模型: name, name+ (含下游), +name (含上游), marts.*')
    .option('--full-refresh', '增量模型也全量重建')
    .action(async (flags: BuildFlags) => {
      const opts = program.opts<GlobalOptions>();
      await runCommand(opts, async () =>
        withWarehouse(opts, async (wh) => {
          const result = await buildModels(wh, {
            select: flags.select ?? [],
            fullRefresh: flags.fullRefresh ?? false,
            progress: stderrProgress(),
          });
          report(opts, result, humanBuildReport(result));
          return result.ok ? 0 : 1;
        }),
      );
    });
}
