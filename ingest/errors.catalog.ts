/**
 * Every problem ingest can report, with its stable code and Chinese message template. Codes are promises to
 * users and scripts (they appear in meta.rejects and in the rejection report): add, never rename.
 *
 * Row problems: the message is prefixed with "第 N 行, 列「X」: " (or "第 N 行: " for whole-row problems);
 * `{value}` is the cell as written, `{detail}` a per-check detail (allowed values, the first row of a
 * duplicate, …). File problems refuse the whole file.
 */

export const ROW_ERRORS = {
  E_COLUMN_COUNT: '列数与表头不符 ({detail})',
  E_ROW_TRUNCATED: '行不完整: 引号未闭合, 文件可能在此行被截断',
  E_REQUIRED: '必填项为空',
  E_AMOUNT_FORMAT: "金额格式错误 '{value}'",
  E_AMOUNT_NEGATIVE: "金额不能为负数 '{value}'",
  E_AMOUNT_T09_SIGN: "红字更正 (T09) 的金额必须为负数 '{value}'",
  E_DATE_FORMAT: "日期格式错误 '{value}' (应为 YYYY-MM-DD 或 YYYY/M/D)",
  E_MONTH_FORMAT: "月份格式错误 '{value}' (应为 YYYY-MM)",
  E_INT_FORMAT: "整数格式错误 '{value}'",
  E_SHARE_FORMAT: "比例格式错误 '{value}' (应为 0 到 1 之间的小数)",
  E_FLAG_FORMAT: "是否标志无法识别 '{value}' (应为 Y/N、是/否、1/0、true/false)",
  E_ENUM: "取值 '{value}' 不在允许范围内 (允许: {detail})",
  E_REGION_CODE_FORMAT: "区划代码格式错误 '{value}' (应为 6、9 或 12 位数字)",
  E_REGION_UNKNOWN: "区划代码 '{value}' 不存在 (请先导入区划)",
  E_DOC_UNKNOWN: "单据编号 '{value}' 在指标账中不存在",
  E_YEAR_RANGE: "年份范围无效: 终止 '{value}' 早于起始 {detail}",
  E_SUCCESSOR_FORMAT: "新代码格式错误 '{value}' (应为以 ; 分隔的 6 位代码, 每个可带 [年份])",
  E_SUCCESSOR_YEAR_MISSING: "新代码 '{value}' 缺少调整年份 (变更/弃用时间为空, 也没有写 [年份])",
  E_DUPLICATE_KEY_IN_FILE: "键 '{value}' 与本文件第 {detail} 行重复且内容不同",
  E_SAME_AS_REJECTED_ROW: "键 '{value}' 与本文件第 {detail} 行内容相同, 而该行被拒绝",
  E_CONFLICT_EXISTING: "键 '{value}' 已存在且内容不同 (已有记录来自批次 {detail}); 更正请使用新的编号",
  // Red monitoring rules run in flow (models/rules, `in_flow`): {detail} names the rule and the reason.
  E_RULE_M05: '红色监控规则拦截: {detail}',
  E_RULE_M06: '红色监控规则拦截: {detail}',
  E_RULE_P03: '红色监控规则拦截: {detail}',
  E_RULE_P04: '红色监控规则拦截: {detail}',
  E_RULE_P08: '红色监控规则拦截: {detail}',
  E_RULE_A01: '红色监控规则拦截: {detail}',
  E_FUND_DESIGNATION_CONFLICT: "资金 '{value}' 已指定对应上级资金 {detail}; 一个资金只能指定一个上级资金 (指定关联)",
} as const;

export type RowErrorCode = keyof typeof ROW_ERRORS;

export const FILE_ERRORS = {
  E_ENTITY_UNKNOWN: '未知的数据类型: {detail}',
  E_FILE_NOT_FOUND: '文件不存在: {detail}',
  E_FILE_EMPTY: '文件为空, 没有表头行: {detail}',
  E_FILE_FORMAT: '无法识别的文件格式 (不是 CSV、XLSX 或 Parquet): {detail}',
  E_FILE_XLS_LEGACY: '不支持旧版 Excel (.xls) 文件, 请另存为 .xlsx 或 CSV: {detail}',
  E_XLSX_BROKEN: 'XLSX 文件损坏或无法读取: {detail}',
  E_XLSX_NO_SHEET: 'XLSX 文件中没有可读的工作表: {detail}',
  E_PARQUET_BROKEN: 'Parquet 文件损坏或无法读取: {detail}',
  E_CSV_UNREADABLE: 'CSV 文件无法解析 (引号未闭合或格式错乱): {detail}',
  E_MISSING_COLUMN: '缺少必需列: {detail}',
  E_DUPLICATE_COLUMN: '表头重复: {detail}',
  E_LOAD_UNKNOWN: '没有编号为 {detail} 的载入批次',
} as const;

export type FileErrorCode = keyof typeof FILE_ERRORS;

export const fill = (template: string, detail: string): string => template.replaceAll('{detail}', detail);

/** The Chinese message of a file-level problem. */
export function fileMessage(code: FileErrorCode, detail: string): string {
  return fill(FILE_ERRORS[code], detail);
}

/** Prefix naming row and column, as in "第 12 行, 列「金额」: ". */
export function rowPrefix(rowNo: number, column: string | null): string {
  return column === null ? `第 ${rowNo} 行: ` : `第 ${rowNo} 行, 列「${column}」: `;
}

/** The full message of a row problem (the SQL builder produces the same text set-based). */
export function rowMessage(
  code: RowErrorCode,
  rowNo: number,
  column: string | null,
  value: string | null,
  detail = '',
): string {
  return rowPrefix(rowNo, column) + ROW_ERRORS[code].replaceAll('{value}', value ?? '').replaceAll('{detail}', detail);
}
