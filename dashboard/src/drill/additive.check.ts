/**
 * The additive figures of the drill (资金规模, 已分配, 已支付, 未分配) must add up: the children's rows and the
 * 本级 row sum to the parent's total, to the 分. The pages show the check; the end-to-end test relies on it.
 */

export const ADDITIVE_FIELDS = ['funds', 'allocated', 'paid', 'undistributed'] as const;
export type AdditiveField = (typeof ADDITIVE_FIELDS)[number];

export const ADDITIVE_NAMES: Record<AdditiveField, string> = {
  funds: '资金规模',
  allocated: '已分配',
  paid: '已支付',
  undistributed: '未分配',
};

export interface Mismatch {
  field: AdditiveField;
  total: number;
  sum: number;
}

type Figures = Record<AdditiveField, number>;

/** Σ rows of each additive field. */
export function sumFigures(rows: readonly Figures[]): Figures {
  const sum: Figures = { funds: 0, allocated: 0, paid: 0, undistributed: 0 };
  for (const row of rows) for (const f of ADDITIVE_FIELDS) sum[f] += row[f];
  return sum;
}

/** The fields whose rows do not add up to the total (empty when all agree). */
export function additiveMismatches(total: Figures, rows: readonly Figures[]): Mismatch[] {
  const sum = sumFigures(rows);
  return ADDITIVE_FIELDS.filter((f) => sum[f] !== total[f]).map((f) => ({ field: f, total: total[f], sum: sum[f] }));
}

/** A single-figure check: Σ of one field of the rows against a stated total (people → project, payments → person). */
export function sumsTo<T>(rows: readonly T[], pick: (row: T) => number, total: number): boolean {
  return rows.reduce((s, r) => s + pick(r), 0) === total;
}
