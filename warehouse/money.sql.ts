/**
 * Amounts leave the warehouse as 元 with two decimals, computed exactly from integer 分 (never through a
 * floating-point value). One definition for every edge that formats money in SQL: exports, rejection reasons,
 * verification reports, the demo's ground-truth notes.
 */

/** 分 (an integer expression) as DECIMAL(18,2) 元. */
export function yuanSql(fenExpr: string): string {
  return `(cast(${fenExpr} as decimal(18, 0)) * 0.01::decimal(3, 2))::decimal(18, 2)`;
}

/** 分 as 元 text with exactly two decimals: 5 → '0.05', -300000 → '-3000.00'. */
export function yuanTextSql(fenExpr: string): string {
  return `cast(${yuanSql(fenExpr)} as varchar)`;
}
