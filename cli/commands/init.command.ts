import type { Command } from 'commander';
import { Warehouse, migrate } from '../../warehouse/index.ts';
import { dbPath, report, runCommand, type GlobalOptions } from '../cli.context.ts';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('创建或升级仓库结构 (可重复执行)')
    .action(async () => {
      const opts = program.opts<GlobalOptions>();
      await runCommand(opts, async () => {
        const wh = await Warehouse.open(dbPath(opts));
        try {
          const { applied, current } = await migrate(wh);
          report(
            opts,
            { db: wh.path, applied: applied.map((m) => `${m.version}_${m.name}`), schema_version: current },
            applied.length
              ? `已升级 ${wh.path}: ${applied.map((m) => `${m.version}_${m.name}`).join(', ')} (结构版本 ${current})`
              : `${wh.path} 已是最新结构 (版本 ${current})`,
          );
        } finally {
          wh.closeAll();
        }
      });
    });
}
