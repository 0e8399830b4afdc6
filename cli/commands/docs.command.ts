/** `fundtrail docs --out DIR`: writes lineage.html, the models' dependency graph with their descriptions and tests. */
import type { Command } from 'commander';
import { buildGraph, loadModels, writeLineage } from '../../models/index.ts';
import { report, runCommand, type GlobalOptions } from '../cli.context.ts';

export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description('生成模型血缘图 (lineage.html)')
    .option('--out <dir>', '输出目录', 'data/docs')
    .action(async (flags: { out: string }) => {
      const opts = program.opts<GlobalOptions>();
      await runCommand(opts, async () => {
        const graph = buildGraph(loadModels());
        const file = writeLineage(graph, flags.out);
        report(opts, { file, models: graph.order.length }, `已生成模型血缘图: ${file} (${graph.order.length} 个模型)`);
      });
    });
}
