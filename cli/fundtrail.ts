/**
 * `fundtrail`: the command line of contract.md. Each command lives in commands/<name>.command.ts and
 * registers itself on the program.
 */
import { Command, CommanderError } from 'commander';
import { registerInit } from './commands/init.command.ts';
import { registerIngest } from './commands/ingest.command.ts';
import { registerVerify } from './commands/verify.command.ts';
import { registerExport } from './commands/export.command.ts';
import { registerDemo } from './commands/demo.command.ts';
import { registerServe } from './commands/serve.command.ts';
import { registerBuild } from './commands/build.command.ts';
import { registerDocs } from './commands/docs.command.ts';
import { registerCheck } from './commands/check.command.ts';
import { registerUsers } from './commands/users.command.ts';
import { registerVerifyExtract } from './commands/verify-extract.command.ts';

const program = new Command('fundtrail')
  .description('财政扶贫资金动态监控平台 (Fundtrail)')
  .option('--db <path>', '仓库文件 (默认 data/fundtrail.duckdb 或环境变量 FUNDTRAIL_DB)')
  .option('--json', '在 stdout 输出一个 JSON 摘要')
  .showHelpAfterError()
  .exitOverride();

for (const register of [
  registerInit,
  registerIngest,
  registerBuild,
  registerCheck,
  registerVerify,
  registerExport,
  registerDemo,
  registerServe,
  registerDocs,
  registerUsers,
  registerVerifyExtract,
]) {
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
  } else {
    throw err;
  }
}
