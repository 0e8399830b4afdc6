import type { Command } from 'commander';
import { z } from 'zod';
import { UserError, openWarehouse, type Warehouse } from '../../warehouse/index.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../server/server.ts';
import { DASHBOARD_DIST } from '../../server/app.ts';
import { dbPath, report, runCommand, stderrProgress, type GlobalOptions } from '../cli.context.ts';
import { buildDemo, humanDemoBuildReport } from './demo.command.ts';
import { humanBuildReport } from './build.command.ts';
import { ensureDemoUsers, humanDemoUsers } from '../../server/auth/demo.users.ts';
import { buildModels, loadModels, modelsExist } from '../../models/index.ts';

const Port = z.coerce.number().int().min(0).max(65535);

function parsePort(raw: string | undefined): number {
  const parsed = Port.safeParse(raw ?? '3000');
  if (!parsed.success) throw new UserError('BAD_PORT', `--port 必须是 0–65535 的整数 (收到 ${raw})`, 2);
  return parsed.data;
}

/** Serves until SIGINT/SIGTERM, then closes the server and the warehouse. */
async function serveUntilStopped(opts: GlobalOptions, wh: Warehouse, port: number): Promise<void> {
  const server = await startServer(wh, port);
  report(opts, { url: server.url, db: wh.path }, `Fundtrail 已启动: ${server.url} (仓库 ${wh.path}), 按 Ctrl+C 停止`);
  if (!existsSync(join(DASHBOARD_DIST, 'index.html'))) {
    process.stderr.write(
      '仪表盘尚未构建 (dashboard/dist 不存在): 请运行 npm run build:dashboard 后重启 (npm start 会自动构建); 现在 / 只显示仓库状态页\n',
    );
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  process.stderr.write('已停止\n');
}

/** `start`: a warehouse without any data first gets the small demo, so a fresh clone shows something. */
async function ensureDemo(opts: GlobalOptions, wh: Warehouse): Promise<boolean> {
  const documents = await wh.value<number>('select count(*) from ledger.documents');
  if (documents > 0) return false;
  const other = await wh.value<number>(
    'select (select count(*) from raw.regions) + (select count(*) from raw.payments)',
  );
  if (other > 0) {
    process.stderr.write(`仓库 ${wh.path} 还没有指标单据但已有其他数据, 不生成演示数据\n`);
    return false;
  }
  process.stderr.write(`仓库 ${wh.path} 是空的, 先生成小规模演示数据…\n`);
  const result = await buildDemo(wh, { scale: 'small', seed: 1 }, stderrProgress());
  if (!result.build.ok) process.stderr.write(`${humanBuildReport(result.build).join('\n')}\n`);
  else if (!opts.json) process.stderr.write(`${humanDemoBuildReport(result).join('\n')}\n`);
  return true;
}

/**
 * A warehouse built by an older version gets the marts the API reads as this version has them, before the server
 * answers: those it lacks, and those whose columns are not their SQL's (a column added since), are built with
 * what they read. One with no marts at all is left to `fundtrail build`.
 */
async function ensureCurrentMarts(opts: GlobalOptions, wh: Warehouse): Promise<void> {
  const marts = loadModels().filter((m) => m.schema === 'marts');
  // modelsExist names them quoted; the runner's selection takes them plain
  const missing = new Set(
    (
      await modelsExist(
        wh,
        marts.map((m) => m.name),
      )
    ).map((n) => n.replaceAll('"', '')),
  );
  if (missing.size === marts.length) return;
  const columns = async (sql: string): Promise<string> => {
    const described = await wh.describe(sql).catch(() => []);
    return described.map((c) => c.name).join(',');
  };
  const outdated: string[] = [];
  for (const m of marts) {
    if (missing.has(m.name)) outdated.push(m.name);
    else if ((await columns(`select * from ${m.name}`)) !== (await columns(m.sql))) outdated.push(m.name);
  }
  if (outdated.length === 0) return;
  process.stderr.write(`仓库中的数据集市与本版本不一致 (缺少或列不同), 先构建: ${outdated.join(', ')}\n`);
  const result = await buildModels(wh, {
    select: outdated.map((n) => `+${n}`),
    unitTests: false,
    progress: stderrProgress(),
  });
  if (!result.ok && !opts.json) process.stderr.write(`${humanBuildReport(result).join('\n')}\n`);
}

/** `start` on a demo warehouse: its users exist (older demos had none) and are printed. */
async function printDemoUsers(opts: GlobalOptions, wh: Warehouse): Promise<void> {
  const demoRuns = await wh.value<number>('select count(*) from meta.demo_runs');
  if (demoRuns === 0 || opts.json) return;
  process.stderr.write(`${humanDemoUsers(await ensureDemoUsers(wh)).join('\n')}\n`);
}

export function registerServe(program: Command): void {
  const action = (withDemo: boolean) => async (cmd: { port?: string }) => {
    const opts = program.opts<GlobalOptions>();
    await runCommand(opts, async () => {
      const port = parsePort(cmd.port);
      const wh = await openWarehouse(dbPath(opts));
      try {
        if (withDemo) {
          if (!(await ensureDemo(opts, wh))) await printDemoUsers(opts, wh);
        }
        await ensureCurrentMarts(opts, wh);
        await serveUntilStopped(opts, wh, port);
      } finally {
        wh.closeAll();
      }
    });
  };
  program
    .command('serve')
    .description('启动 HTTP 服务 (仓库状态页与 API)')
    .option('--port <n>', '端口', '3000')
    .action(action(false));
  program
    .command('start')
    .description('npm start: 仓库没有数据时先生成小规模演示数据, 然后启动服务')
    .option('--port <n>', '端口', '3000')
    .action(action(true));
}
