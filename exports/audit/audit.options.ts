/**
 * The options of `fundtrail export audit` and of POST /api/audit/exports, checked with zod; every problem is
 * reported with its option, in Chinese. The passphrase never comes on the command line (it would show in the
 * process list): from FUNDTRAIL_EXTRACT_PASSPHRASE or a file (--passphrase-file).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from '../../warehouse/index.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../export.kinds.ts';

const YEAR = '预算年度应为四位年份, 如 2020';

export const AuditRegion = z.string({ error: '缺少区划代码 (--region CODE)' }).regex(/^\d{6}(\d{3}){0,2}$/, {
  error: '区划代码应为 6、9 或 12 位数字',
});
export const AuditYear = z.coerce
  .number({ error: `缺少预算年度 (--year YYYY): ${YEAR}` })
  .int({ error: YEAR })
  .min(1900, { error: YEAR })
  .max(2999, { error: YEAR });
export const AuditFormats = z
  .string()
  .transform((s) => s.split(',').map((f) => f.trim()))
  .pipe(z.array(z.enum(EXPORT_FORMATS, { error: '格式应为 csv、xlsx、parquet, 以逗号分隔' })).min(1));

export const auditRequestSchema = z.object({
  out: z.string({ error: '缺少输出目录 (--out DIR)' }).min(1, { error: '输出目录不能为空' }),
  region: AuditRegion,
  year: AuditYear,
  formats: AuditFormats.optional(),
  encrypt: z.boolean().optional(),
  passphraseFile: z.string().min(1).optional(),
});

export interface AuditRequest {
  out: string;
  region: string;
  year: number;
  formats: readonly ExportFormat[] | undefined;
  passphrase: string | undefined;
}

export const PASSPHRASE_ENV = 'FUNDTRAIL_EXTRACT_PASSPHRASE';

/** The passphrase from --passphrase-file or FUNDTRAIL_EXTRACT_PASSPHRASE (a trailing line feed dropped). */
export function readPassphrase(file: string | undefined): string {
  const value = file !== undefined ? readFileSync(file, 'utf8').replace(/\r?\n$/, '') : process.env[PASSPHRASE_ENV];
  if (value === undefined || value === '') {
    throw new UserError(
      'PASSPHRASE_MISSING',
      `需要加密口令: 设置环境变量 ${PASSPHRASE_ENV} 或使用 --passphrase-file 文件`,
      2,
    );
  }
  return value;
}

export function parseAuditRequest(input: unknown): AuditRequest {
  const parsed = auditRequestSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `--${i.path.map(String).join('.')}: ${i.message}`);
    throw new UserError('EXPORT_OPTION_INVALID', `导出参数有误: ${problems.join('; ')}`, 2, parsed.error.issues);
  }
  const d = parsed.data;
  const passphrase = d.encrypt || d.passphraseFile !== undefined ? readPassphrase(d.passphraseFile) : undefined;
  return { out: d.out, region: d.region, year: d.year, formats: d.formats, passphrase };
}
