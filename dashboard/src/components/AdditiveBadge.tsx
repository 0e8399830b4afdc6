/** Says whether the rows of a drill add up to their total, to the 分 (and which figure does not). */
import { ADDITIVE_NAMES, additiveMismatches, type AdditiveField } from '../drill/additive.check.ts';
import { formatMoney } from '../format/money.format.ts';

type Figures = Record<AdditiveField, number>;

export function AdditiveBadge({
  total,
  rows,
  what = '下级与本级合计',
}: {
  total: Figures;
  rows: readonly Figures[];
  what?: string;
}) {
  const bad = additiveMismatches(total, rows);
  if (bad.length === 0) {
    return (
      <span className="badge ok" data-testid="additive-check" data-ok="true">
        ✓ {what}与上级一致 (资金规模、已分配、已支付、未分配, 精确到分)
      </span>
    );
  }
  return (
    <span className="badge bad" data-testid="additive-check" data-ok="false">
      ✗ {what}与上级不一致:{' '}
      {bad
        .map((m) => `${ADDITIVE_NAMES[m.field]} 合计 ${formatMoney(m.sum, 'yuan')} ≠ ${formatMoney(m.total, 'yuan')}`)
        .join('; ')}
    </span>
  );
}
