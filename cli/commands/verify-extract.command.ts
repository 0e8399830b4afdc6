/**
 * `fundtrail verify-extract DIR [--passphrase] [--passphrase-file F]`: re-checks an audit package offline
 * (exports/audit/extract-verify.service.ts); exit 0 when everything holds, 1 with every problem and where.
 */
import type { Command } from 'commander';
import { verifyExtract, type VerifyReport } from '../../exports/audit/extract-verify.service.ts';
import { readPassphrase } from '../../exports/audit/audit.options.ts';
import { report, runCommand, type GlobalOptions } from '../cli.context.ts';

export function humanVerifyExtract(r: VerifyReport): string[] {
  const scope = r.scope ? `${r.scope.region_name ?? ''} (${r.scope.region}) ${r.scope.year} 年度` : '';
  if (r.ok) {
    return [
      `审计数据包核验通过: ${scope}, ${r.files} 个文件的 SHA-256 一致` +
        (r.contentChecked ? ', 借贷平衡, 序时账哈希链完整并与链头一致' : ''),
      ...(r.contentChecked
        ? []
        : ['注意: 数据包已加密, 未提供口令, 只核验了加密文件的哈希 (用 --passphrase 核验内容)']),
    ];
  }
  return [
    `审计数据包核验未通过: ${scope}, ${r.problems.length} 个问题`,
    ...r.problems.map((p) => `  [${p.check}] ${p.message}`),
  ];
}

export function registerVerifyExtract(program: Command): void {
  program
    .command('verify-extract')
    .description('离线核验审计数据包: 文件哈希, 借贷平衡, 序时账哈希链')
    .argument('<dir>', '数据包目录 (含 manifest.json)')
    .option('--passphrase', '数据包已加密: 口令取自环境变量 FUNDTRAIL_EXTRACT_PASSPHRASE')
    .option('--passphrase-file <file>', '数据包已加密: 从文件读取口令')
    .action(async (dir: string, flags: { passphrase?: boolean; passphraseFile?: string }) => {
      const opts = program.opts<GlobalOptions>();
      await runCommand(opts, async () => {
        const passphrase =
          flags.passphrase || flags.passphraseFile !== undefined ? readPassphrase(flags.passphraseFile) : undefined;
        const result = await verifyExtract(dir, { passphrase });
        report(opts, result, humanVerifyExtract(result));
        return result.ok ? 0 : 1;
      });
    });
}
