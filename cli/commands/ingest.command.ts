/**
 * `fundtrail ingest <entity> <file>...`: loads interchange files of one entity (interchange.md), one load
 * and one transaction per file. Summary per file: read, accepted (unchanged), rejected, the rejection report.
 * Exit 0 when every file loaded (rejected rows included), 1 when a file was refused, 2 for wrong usage.
 *
 * `fundtrail ingest --rejects <load_id>` writes the rejection report of an earlier load again, from
 * meta.rejects, to `<dir of the db>/rejects/load-<id>-<entity>.csv`.
 */
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { isUserError, UserError, type Warehouse } from '../../warehouse/index.ts';
import {
  ENTITY_CHOICES,
  fileMessage,
  ingestFile,
  rejectReportPath,
  resolveEntityOrThrow,
  writeRejectReport,
  type DocumentGuard,
  type RowGuard,
  type IngestSummary,
} from '../../ingest/index.ts';
import { guardStagedDocuments, guardStagedPayments, prepareInFlow } from '../../models/monitoring/index.ts';
import { dbPath, report, runCommand, stderrProgress, withWarehouse, type GlobalOptions } from '../cli.context.ts';

const loadIdSchema = z.coerce.number().int().positive();

const n = (x: number): string => x.toLocaleString('en-US');

function humanLine(s: IngestSummary): string {
  if (s.status === 'refused') return `${s.file}: 拒收 [${s.error?.code}] ${s.error?.message} (批次 ${s.load_id})`;
  const parts = [
    `${s.file}: 读取 ${n(s.rows_read)} 行, 接受 ${n(s.accepted)} 行 (其中未变 ${n(s.unchanged)}), 拒绝 ${n(s.rejected)} 行`,
  ];
  if (s.replaced) parts.push(`替换 ${n(s.replaced)} 行`);
  if (s.postings !== null) parts.push(`记账分录 ${n(s.postings)} 条`);
  if (s.region_changes) {
    const c = s.region_changes;
    parts.push(`区划调整 ${n(c.inserted + c.replaced + c.unchanged)} 条 (其中未变 ${n(c.unchanged)})`);
  }
  parts.push(`批次 ${s.load_id}`);
  const line = parts.join('; ');
  return s.report ? `${line}\n  拒绝明细: ${s.report}` : line;
}

/** Indicator documents pass the red in-flow monitoring rules (事中) before the ledger posts them. */
const monitoringGuard: DocumentGuard = async (wh, stage) =>
  (await guardStagedDocuments(wh, stage)).map((r) => ({ seq: r.seq, code: r.code, message: r.message }));

/** Payments pass them too (P03 重复发放, P04 已故, P08 财政供养, A01 实有资金账户) before they are stored. */
const paymentGuard: RowGuard = async (wh, relation) =>
  (await guardStagedPayments(wh, relation)).map((r) => ({ seq: r.seq, code: r.code, message: r.message }));

async function ingestAll(wh: Warehouse, entity: string, files: string[]): Promise<IngestSummary[]> {
  const out: IngestSummary[] = [];
  const kind = resolveEntityOrThrow(entity);
  const indicators = kind === 'indicators';
  const payments = kind === 'payments';
  // what the in-flow rules read is made ready outside the loads' transactions
  if (indicators || payments) await prepareInFlow(wh);
  for (const file of files) {
    try {
      out.push(
        await ingestFile(wh, entity, file, {
          progress: stderrProgress(),
          ...(indicators ? { documentGuard: monitoringGuard } : {}),
          ...(payments ? { paymentGuard } : {}),
        }),
      );
    } catch (err) {
      if (!isUserError(err) || err.exitCode === 2) throw err;
      const details = z.object({ load_id: z.number() }).safeParse(err.details);
      out.push({
        load_id: details.success ? details.data.load_id : 0,
        entity: resolveEntityOrThrow(entity),
        file,
        status: 'refused',
        format: null,
        encoding: null,
        layout: null,
        sheet: null,
        rows_read: 0,
        accepted: 0,
        unchanged: 0,
        rejected: 0,
        replaced: 0,
        postings: null,
        region_changes: null,
        report: null,
        error: { code: err.code, message: err.message },
      });
    }
  }
  return out;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(`导入数据文件 (CSV/XLSX/Parquet). 数据类型: ${ENTITY_CHOICES}`)
    .argument('[entity]', '数据类型, 英文或中文名')
    .argument('[files...]', '一个或多个文件')
    .option('--rejects <load_id>', '重新生成某个载入批次的拒绝明细 CSV')
    .action(async (entity: string | undefined, files: string[], cmd: { rejects?: string }) => {
      const opts = program.opts<GlobalOptions>();
      await runCommand(opts, async () => {
        if (cmd.rejects !== undefined) {
          const parsed = loadIdSchema.safeParse(cmd.rejects);
          if (!parsed.success) throw new UserError('E_USAGE', `--rejects 需要一个载入批次编号: ${cmd.rejects}`, 2);
          const loadId = parsed.data;
          return withWarehouse(opts, async (wh) => {
            const load = await wh.one<{ entity: string }>('select entity from meta.loads where load_id = $1', [loadId]);
            const path = rejectReportPath(dbPath(opts), loadId, load?.entity ?? 'unknown');
            const lines = await writeRejectReport(wh, loadId, path);
            report(
              opts,
              { load_id: loadId, report: path, lines },
              `批次 ${loadId} 的拒绝明细 (${n(lines)} 条): ${path}`,
            );
            return 0;
          });
        }
        if (!entity)
          throw new UserError(
            'E_USAGE',
            `缺少数据类型. 用法: fundtrail ingest <entity> <file>... (${ENTITY_CHOICES})`,
            2,
          );
        const resolved = resolveEntityOrThrow(entity);
        if (!files.length) throw new UserError('E_USAGE', '缺少文件. 用法: fundtrail ingest <entity> <file>...', 2);
        const missing = files.filter((f) => !existsSync(f) || !statSync(f).isFile());
        if (missing.length) {
          throw new UserError('E_FILE_NOT_FOUND', fileMessage('E_FILE_NOT_FOUND', missing.join(', ')), 2);
        }
        return withWarehouse(opts, async (wh) => {
          const results = await ingestAll(wh, resolved, files);
          report(opts, { entity: resolved, files: results }, results.map(humanLine));
          return results.some((r) => r.status === 'refused') ? 1 : 0;
        });
      });
    });
}
