/** `fundtrail verify`: re-checks the 指标账 (ingest/ledger/ledger.verify.ts); exit 0 when all holds, else 1. */
import type { Command } from 'commander';
import { formatVerifyReport, verifyLedger } from '../../ingest/ledger/index.ts';
import { report, runCommand, withWarehouse, type GlobalOptions } from '../cli.context.ts';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('复核指标账: 借贷平衡, 恒等式, 哈希链, 咬合')
    .action(async () => {
      const opts = program.opts<GlobalOptions>();
      await runCommand(opts, async () =>
        withWarehouse(opts, async (wh) => {
          const result = await verifyLedger(wh);
          report(opts, result, formatVerifyReport(result));
          return result.ok ? 0 : 1;
        }),
      );
    });
}
