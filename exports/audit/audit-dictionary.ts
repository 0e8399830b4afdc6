/** 数据字典.md of an audit package: every table and column in Chinese, how the scope applies, how to verify. */
import type { AuditScope, AuditTable } from './audit.tables.ts';

const TYPE_NAMES = { text: '文本', integer: '整数', date: '日期 (YYYY-MM-DD)', amount: '金额 (元, 两位小数)' } as const;

export const DICTIONARY_FILE = '数据字典.md';

export function dictionaryText(
  tables: readonly AuditTable[],
  scope: AuditScope,
  regionName: string | null,
  rows: ReadonlyMap<string, number>,
): string {
  const lines: string[] = [
    `# 专员办审计数据包 — 数据字典`,
    '',
    `范围: ${regionName ?? ''} (${scope.region}) 及其下级, 预算年度 ${scope.year}。`,
    '',
    '## 文件格式',
    '',
    '- 每张表有 CSV (UTF-8 带 BOM, 逗号分隔, 首行为英文列名)、XLSX (每个工作表最多 1,048,576 行, 超出部分在',
    '  `<表名>_2`、`<表名>_3` … 工作表) 和 Parquet 三种格式, 内容相同。',
    '- 金额为元, 精确到分 (Parquet 中为 DECIMAL(18,2)); 红字更正为负数。',
    "- 以 `=`、`+`、`-`、`@`、制表符或回车开头的文本前加了单引号 `'`, 电子表格不会把它当公式执行。",
    '- 身份证号和账号未脱敏: 本包仅供专员办审计使用, 请按涉密资料保管。',
    '- `manifest.json` 记录每个文件的 SHA-256、各表行数和序时账哈希链的链头;',
    '  `fundtrail verify-extract <目录>` 可离线重新核验 (文件哈希、借贷平衡、哈希链)。',
    '- 序时账每行的 `hash` = SHA-256(`prev_hash` + "|" + 15 个字段的规范内容), 规则见 HASH-CHAIN.md;',
    '  `chain.csv` 列出全部分录的编号和哈希 (不含内容), 用于发现被删除的行并与链头核对。',
    '',
  ];
  for (const tb of tables) {
    lines.push(`## ${tb.name} — ${tb.title}`, '');
    lines.push(`- 粒度: ${tb.grain}`, `- 范围: ${tb.scopeNote}`, `- 行数: ${rows.get(tb.name) ?? 0}`);
    lines.push(`- 文件: ${(tb.formats ?? ['csv', 'xlsx', 'parquet']).map((f) => `${tb.name}.${f}`).join(', ')}`, '');
    lines.push('| 列名 | 类型 | 含义 |', '| --- | --- | --- |');
    for (const c of tb.columns) lines.push(`| ${c.name} | ${TYPE_NAMES[c.type]} | ${c.zh} |`);
    lines.push('');
  }
  return lines.join('\n');
}
