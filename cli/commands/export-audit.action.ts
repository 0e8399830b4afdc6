/**
 * `fundtrail export audit --region CODE --year YYYY --out DIR [--formats csv,xlsx,parquet] [--encrypt]`: the
 * 专员办 audit package (exports/audit), built on up-to-date marts, recorded in the access log.
 */
import { exportAudit, type AuditProgressEvent } from '../../exports/audit/audit-package.service.ts';
import { AUDIT_MARTS } from '../../exports/audit/audit.tables.ts';
import { parseAuditRequest } from '../../exports/audit/audit.options.ts';
import { appendAccess, cliUser } from '../../exports/audit/access-log.repository.ts';
import { ensureModels } from '../../models/index.ts';
import { UserError } from '../../warehouse/index.ts';
import { humanBuildReport } from './build.command.ts';
import { report, stderrProgress, withWarehouse, type GlobalOptions } from '../cli.context.ts';

export interface AuditFlags {
  out?: string;
  region?: string;
  year?: string;
  formats?: string;
  encrypt?: boolean;
  passphraseFile?: string;
}

/** The bar follows the rows written over all tables and formats. */
function barOf(): (e: AuditProgressEvent) => void {
  const bar = stderrProgress();
  let started = false;
  return (e) => {
    if (e.phase === 'writing' && !started && e.rowsTotal > 0) {
      bar.start('审计数据包', e.rowsTotal, '行');
      started = true;
    }
    if (started) bar.update(e.rowsDone);
    if (e.phase === 'done' && started) bar.stop();
  };
}

export async function runAuditExport(opts: GlobalOptions, flags: AuditFlags): Promise<void> {
  const request = parseAuditRequest(flags);
  const user = cliUser();
  const result = await withWarehouse(opts, async (wh) => {
    const build = await ensureModels(wh, AUDIT_MARTS, { progress: stderrProgress() });
    if (build && !build.ok) {
      process.stderr.write(`${humanBuildReport(build).join('\n')}\n`);
      throw new UserError('EXPORT_BUILD_FAILED', '导出前构建模型未通过, 未导出审计数据包');
    }
    const out = await exportAudit(wh, {
      region: request.region,
      year: request.year,
      outDir: request.out,
      createdBy: user,
      formats: request.formats,
      passphrase: request.passphrase,
      onProgress: barOf(),
    });
    await appendAccess(wh, {
      username: user,
      role: null,
      channel: 'cli',
      action: 'export',
      target: 'export audit',
      region_code: request.region,
      budget_year: request.year,
      row_count: out.rows,
      unmasked: true,
      detail: { dir: out.dir, encrypted: request.passphrase !== undefined, head_hash: out.manifest.ledger.head_hash },
    });
    return out;
  });
  const m = result.manifest;
  report(
    opts,
    { dir: result.dir, rows: result.rows, tables: m.tables, ledger: m.ledger, encrypted: m.encryption !== null },
    [
      `已导出审计数据包 ${m.scope.region_name ?? ''} (${m.scope.region}) ${m.scope.year} 年度 → ${result.dir}`,
      ...m.tables.map((t) => `  ${t.title} (${t.name}): ${t.rows} 行`),
      `  序时账链头: 第 ${m.ledger.postings} 笔, ${m.ledger.head_hash}`,
      ...(m.encryption ? ['  全部文件已加密 (AES-256-GCM), manifest.json 除外'] : []),
      `核验: fundtrail verify-extract ${result.dir}`,
    ],
  );
}
