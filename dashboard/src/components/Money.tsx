/** An amount on screen with its unit; the exact 分 stay in data-fen for whoever checks the sums. */
import { UNIT_LABELS, formatFen, formatYuan, pickUnit, type MoneyUnit } from '../format/money.format.ts';

export function Money({ fen, unit, testId }: { fen: number; unit?: MoneyUnit; testId?: string }) {
  const u = unit ?? pickUnit([fen]);
  return (
    <span className="money" data-fen={fen} data-testid={testId} title={`${formatYuan(fen)} 元`}>
      {formatFen(fen, u)}
      <span className="unit"> {UNIT_LABELS[u]}</span>
    </span>
  );
}
