/**
 * One monitoring rule is one file, `models/rules/<CODE>.sql` (shared/spec/monitoring.md): a header of `--`
 * comment lines holding YAML (code, title, level, category, subject, description, thresholds with their
 * defaults, in_flow), then the rule's select. A red rule that guards a document or a payment in flow (事中) has a
 * second select after a line `-- @in_flow`, which reads the candidate (a temp table `candidate_documents` or
 * `candidate_payments`, the columns of the document stage / of raw.payments) and the staging views.
 *
 * The rule's select returns the offending rows: subject_type, subject_id, region_code, amount (分), detail
 * (Chinese), and optionally level (a finding may be raised above the rule's level, e.g. M03 after 180 days).
 * The in-flow select returns subject_id (the candidate's doc_id / payment_id) and detail.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;
export type AlertLevel = (typeof LEVELS)[number];

/** monitoring.md's levels: red 三级 拦截, orange 二级 预警, yellow 一级 预警, blue 记录. */
export const LEVEL_NAMES: Record<AlertLevel, string> = {
  red: '红色 (三级, 拦截)',
  orange: '橙色 (二级, 预警)',
  yellow: '黄色 (一级, 预警)',
  blue: '蓝色 (记录)',
};

export const SUBJECT_TYPES = ['document', 'payment', 'person', 'account', 'transfer', 'region', 'fund'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const IN_FLOW_KINDS = ['document', 'payment'] as const;
export type InFlowKind = (typeof IN_FLOW_KINDS)[number];

const thresholdValue = z.union([z.string(), z.number(), z.boolean()]);

const ThresholdSchema = z.strictObject({
  default: thresholdValue,
  description: z.string().min(1, '阈值需要说明'),
});

export const RuleHeaderSchema = z.strictObject({
  code: z.string().regex(/^(DQ|M|L|P|A)\d{2}$/, '规则代码应如 DQ01、M05、P11'),
  title: z.string().min(1),
  level: z.enum(LEVELS, { error: '级别应为 red、orange、yellow 或 blue' }),
  category: z.string().min(1),
  subject: z.union([z.enum(SUBJECT_TYPES), z.array(z.enum(SUBJECT_TYPES)).min(1)]),
  description: z.string().min(1),
  thresholds: z
    .record(z.string().regex(/^[a-z][a-z0-9_]*$/, '阈值名只能含小写字母、数字和下划线'), ThresholdSchema)
    .default({}),
  in_flow: z.enum(IN_FLOW_KINDS).optional(),
  /** a document rule in flow: the 交易令 it can object to (the others skip it without a query) */
  in_flow_txn_codes: z
    .array(z.enum(['T01', 'T02', 'T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T09', 'T10']))
    .min(1)
    .optional(),
});

export type RuleHeader = z.infer<typeof RuleHeaderSchema>;

export interface RuleThreshold {
  name: string;
  /** the default as text (the resolved table holds text; each rule casts its own) */
  default: string;
  description: string;
}

export interface RuleDefinition {
  code: string;
  title: string;
  level: AlertLevel;
  category: string;
  subjects: SubjectType[];
  description: string;
  thresholds: RuleThreshold[];
  inFlow: InFlowKind | null;
  /** the 交易令 a document rule in flow can object to (null: every one) */
  inFlowTxnCodes: string[] | null;
  /** the after-the-fact select, without trailing semicolons */
  sql: string;
  /** the in-flow select (red rules that guard a document or payment) */
  inFlowSql: string | null;
  /** the file, for messages */
  file: string;
}

const IN_FLOW_MARKER = /^--\s*@in_flow\s*$/m;

const stripSemicolons = (sql: string): string => sql.trim().replace(/;\s*$/u, '').trim();

/** The leading `--` lines as YAML text (the `-- ` prefix removed) and the rest of the text. */
function splitHeader(text: string): { header: string; body: string } {
  const lines = text.split(/\r?\n/);
  let i = 0;
  const header: string[] = [];
  while (i < lines.length && /^\s*--/.test(lines[i] ?? '')) {
    header.push((lines[i] ?? '').replace(/^\s*--\s?/, ''));
    i += 1;
  }
  return { header: header.join('\n'), body: lines.slice(i).join('\n') };
}

/** Parses one rule file; returns the definition or every problem found, each naming the file. */
export function parseRuleFile(text: string, file: string): { rule: RuleDefinition } | { problems: string[] } {
  const { header, body } = splitHeader(text);
  let raw: unknown;
  try {
    raw = parseYaml(header);
  } catch (err) {
    return { problems: [`${file}: 文件头 YAML 无法解析: ${(err as Error).message}`] };
  }
  const parsed = RuleHeaderSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map(
        (i) => `${file}: 文件头 ${i.path.map(String).join('.') || '(根)'}: ${i.message}`,
      ),
    };
  }
  const h = parsed.data;
  const problems: string[] = [];
  const [mainPart, inFlowPart, ...more] = body.split(IN_FLOW_MARKER);
  const sql = stripSemicolons(mainPart ?? '');
  const inFlowSql = inFlowPart === undefined ? null : stripSemicolons(inFlowPart);
  if (!/^\s*(with|select)\b/i.test(sql)) problems.push(`${file}: 规则 SQL 应是一条 select (可以 with 开头)`);
  if (more.length) problems.push(`${file}: -- @in_flow 只能出现一次`);
  if (h.in_flow && !inFlowSql)
    problems.push(`${file}: 文件头写了 in_flow: ${h.in_flow}, 但没有 -- @in_flow 之后的 SQL`);
  if (!h.in_flow && inFlowSql) problems.push(`${file}: 有 -- @in_flow SQL, 但文件头没有写 in_flow`);
  if (h.in_flow && h.level !== 'red') problems.push(`${file}: 只有红色规则在事中拦截 (in_flow)`);
  if (h.in_flow_txn_codes && h.in_flow !== 'document')
    problems.push(`${file}: in_flow_txn_codes 只用于 in_flow: document 的规则`);
  if (problems.length) return { problems };
  return {
    rule: {
      code: h.code,
      title: h.title,
      level: h.level,
      category: h.category,
      subjects: Array.isArray(h.subject) ? h.subject : [h.subject],
      description: h.description.trim(),
      thresholds: Object.entries(h.thresholds).map(([name, t]) => ({
        name,
        default: String(t.default),
        description: t.description,
      })),
      inFlow: h.in_flow ?? null,
      inFlowTxnCodes: h.in_flow_txn_codes ?? null,
      sql,
      inFlowSql,
      file,
    },
  };
}
