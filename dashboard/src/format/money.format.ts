/**
 * Amounts arrive as integer 分 and are shown in 元, 万元 or 亿元 with the unit stated. The arithmetic is on
 * BigInt, so a figure on screen is the exact 分 amount rounded half away from zero, never a float's guess.
 */

export type MoneyUnit = 'yuan' | 'wan' | 'yi';

export const UNIT_LABELS: Record<MoneyUnit, string> = { yuan: '元', wan: '万元', yi: '亿元' };

/** 分 per unit */
const FEN_PER_UNIT: Record<MoneyUnit, bigint> = { yuan: 100n, wan: 1_000_000n, yi: 10_000_000_000n };

/** The largest number of decimals a unit can show exactly (元: 2, 万元: 6, 亿元: 10). */
const MAX_DIGITS: Record<MoneyUnit, number> = { yuan: 2, wan: 6, yi: 10 };

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `fen` in `unit` with `digits` decimals and thousands separators, without the unit: 123456789 分 → "123.46" 万元. */
export function formatFen(fen: number, unit: MoneyUnit = 'wan', digits = 2): string {
  if (!Number.isSafeInteger(fen)) throw new Error(`金额必须是整数分: ${fen}`);
  if (!Number.isInteger(digits) || digits < 0 || digits > MAX_DIGITS[unit]) {
    throw new Error(`${UNIT_LABELS[unit]} 最多 ${MAX_DIGITS[unit]} 位小数: ${digits}`);
  }
  const negative = fen < 0;
  const abs = BigInt(Math.abs(fen));
  const step = FEN_PER_UNIT[unit] / 10n ** BigInt(digits);
  let q = abs / step;
  if ((abs % step) * 2n >= step) q += 1n;
  const scale = 10n ** BigInt(digits);
  const whole = groupThousands((q / scale).toString());
  const frac = digits > 0 ? `.${(q % scale).toString().padStart(digits, '0')}` : '';
  return `${negative && q !== 0n ? '-' : ''}${whole}${frac}`;
}

/** 元 with exactly two decimals: the form of the exports (1234567 分 → "12,345.67"). */
export function formatYuan(fen: number): string {
  return formatFen(fen, 'yuan', 2);
}

/**
 * The unit a set of figures is read in: 亿元 once the largest reaches 10 亿元 (below that, 亿元 with two
 * decimals would hide most of the figure), else 万元.
 */
export function pickUnit(fens: readonly number[]): MoneyUnit {
  const max = fens.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return max >= 100_000_000_000 ? 'yi' : 'wan';
}

/** A figure with its unit: "1,234.57 万元". */
export function formatMoney(fen: number, unit: MoneyUnit = pickUnit([fen]), digits = 2): string {
  return `${formatFen(fen, unit, digits)} ${UNIT_LABELS[unit]}`;
}

/** 分 as a plain number of `unit` for chart axes (a chart draws floats; labels still come from formatFen). */
export function fenToUnitNumber(fen: number, unit: MoneyUnit): number {
  return fen / Number(FEN_PER_UNIT[unit]);
}

/** A fraction 0–1 as a percentage: 0.4567 → "45.7%"; null (nothing to divide by) → "—". */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** An integer count with thousands separators. */
export function formatCount(n: number): string {
  return groupThousands(String(Math.trunc(n)));
}
