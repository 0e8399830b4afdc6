import { describe, expect, it } from 'vitest';
import { additiveMismatches, sumFigures, sumsTo } from './additive.check.ts';

const row = (funds: number, allocated: number, paid: number, undistributed: number) => ({
  funds,
  allocated,
  paid,
  undistributed,
});

describe('additive check', () => {
  it('agrees when children and 本级 add up to the parent', () => {
    const rows = [row(100, 60, 30, 40), row(50, 50, 10, 0)];
    expect(sumFigures(rows)).toEqual(row(150, 110, 40, 40));
    expect(additiveMismatches(row(150, 110, 40, 40), rows)).toEqual([]);
  });

  it('names the field that does not, with both sides', () => {
    expect(additiveMismatches(row(150, 110, 41, 40), [row(150, 110, 40, 40)])).toEqual([
      { field: 'paid', total: 41, sum: 40 },
    ]);
  });

  it('checks one figure of any rows', () => {
    expect(sumsTo([{ paid: 1 }, { paid: 2 }], (r) => r.paid, 3)).toBe(true);
    expect(sumsTo([], (r: { paid: number }) => r.paid, 1)).toBe(false);
  });
});
