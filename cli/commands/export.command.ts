/**
 * `fundtrail export <kind> --out DIR [--format csv|xlsx|parquet] [--region CODE] [--year YYYY]`: writes one
 * extract of contract.md (journal, ledger, interlock, trace, alerts); `export audit` writes the 专员办 package
 * (export-audit.action.ts). Every export is recorded in the access log.
 */
import type { Command } from 'commander';
import { EXPORT_MARTS, exportKind, parseExportRequest } from '../../exports/index.ts';
import { KIND_TITLES } from '../../exports/export.kinds.ts';
import { ensureModels } from '../../models/index.ts';
import { UserError } from '../../warehouse/index.ts';
import { humanBuildReport } from './build.command.ts';
import { appendAccess, cliUser } from '../../exports/audit/access-log.repository.ts';
import { runAuditExport, type AuditFlags } from './export-audit.action.ts';
import { report, runCommand, stderrProgress, withWarehouse, type GlobalOptions } from '../cli.context.ts';

interface ExportFlags extends AuditFlags {
  format?: string;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      '导出序时账、总台账、咬合、追溯、告警或专员办审计数据包 (journal | ledger | interlock | trace | alerts | audit)',
    )
    .argument('<kind>', 'journal | ledger | interlock | trace | alerts | audit')
    .option('--out <dir>', '输出目录')
    .option('--format <format>', 'csv | xlsx | parquet (默认 csv)')
    .option('--region <code>', '只导出该区划及其下级')
    .option('--year <yyyy>', '只导出该预算年度')
    .option('--formats <list>', 'audit: 写出的格式 (默认 csv,xlsx,parquet)')
    .option('--encrypt', 'audit: 加密全部文件, 口令取自 FUNDTRAIL_EXTRACT_PASSPHRASE')
    .option('--passphrase-file <file>', 'audit: 加密口令所在的文件')
    .action(async (kind: string, flags: ExportFlags) => {
      const opts = program.opts<GlobalOptions>();
      await runCommand(opts, async () => {
        if (kind === 'audit') return runAuditExport(opts, flags);
        // Checked before the warehouse is opened: a wrong flag costs nothing.
        const request = parseExportRequest(kind, flags);
        const result = await withWarehouse(opts, async (wh) => {
          // the marts are brought up to date first when the data changed since the last build
          const build = await ensureModels(wh, EXPORT_MARTS[request.kind], { progress: stderrProgress() });
          if (build && !build.ok) {
            process.stderr.write(`${humanBuildReport(build).join('\n')}\n`);
            throw new UserError('EXPORT_BUILD_FAILED', `导出前构建模型未通过, 未导出 ${request.kind}`);
          }
          const out = await exportKind(wh, request.kind, {
            outDir: request.out,
            format: request.format,
            region: request.region,
            year: request.year,
            progress: stderrProgress(),
          });
          await appendAccess(wh, {
            username: cliUser(),
            role: null,
            channel: 'cli',
            action: 'export',
            target: `export ${request.kind}`,
            region_code: request.region ?? null,
            budget_year: request.year ?? null,
            row_count: out.rows,
            unmasked: false,
            detail: { file: out.file, format: out.format },
          });
          return out;
        });
        report(opts, result, `已导出 ${KIND_TITLES[result.kind]} (${result.kind}): ${result.rows} 行 → ${result.file}`);
      });
    });
}
