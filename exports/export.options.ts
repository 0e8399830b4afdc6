/**
 * The options of an export request as they come from outside (command line flags, later a query string),
 * checked with zod: every problem is reported with its option name, in Chinese.
 */
import { z } from 'zod';
import { UserError } from '../warehouse/index.ts';
import { EXPORT_FORMATS, LATER_KINDS, isExportKind, type ExportKind } from './export.kinds.ts';

const YEAR_MESSAGE = '预算年度应为四位年份, 如 2020';

export const exportRequestSchema = z.object({
  out: z.string({ error: '缺少输出目录 (--out DIR)' }).min(1, { error: '输出目录不能为空' }),
  format: z.enum(EXPORT_FORMATS, { error: '格式应为 csv、xlsx 或 parquet' }).default('csv'),
  region: z
    .string()
    .regex(/^\d{6}(\d{3}){0,2}$/, { error: '区划代码应为 6、9 或 12 位数字' })
    .optional(),
  year: z.coerce
    .number({ error: YEAR_MESSAGE })
    .int({ error: YEAR_MESSAGE })
    .min(1900, { error: YEAR_MESSAGE })
    .max(2999, { error: YEAR_MESSAGE })
    .optional(),
});

export type ExportRequest = z.infer<typeof exportRequestSchema> & { kind: ExportKind };

/** Checks the kind and the options; a user's mistake becomes a UserError with exit code 2 (wrong usage). */
export function parseExportRequest(kind: string, input: unknown): ExportRequest {
  if ((LATER_KINDS as readonly string[]).includes(kind)) {
    throw new UserError('EXPORT_NOT_AVAILABLE', `导出 ${kind} 暂不可用: 它将随后续版本提供`, 2);
  }
  if (!isExportKind(kind)) {
    throw new UserError(
      'EXPORT_KIND_UNKNOWN',
      `没有名为 ${kind} 的导出 (可用: journal, ledger, interlock, trace, alerts)`,
      2,
    );
  }
  const parsed = exportRequestSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `--${i.path.map(String).join('.')}: ${i.message}`);
    throw new UserError('EXPORT_OPTION_INVALID', `导出参数有误: ${problems.join('; ')}`, 2, parsed.error.issues);
  }
  return { ...parsed.data, kind };
}
