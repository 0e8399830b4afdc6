import { describe, expect, it } from 'vitest';
import { Warehouse } from '../../warehouse/index.ts';
import { SeededRandom } from './seeded-random.ts';
import { installSqlHelpers } from './sql-random.ts';

describe('keyed randomness', () => {
  it('SQL draws are uniform, reproducible, seed-dependent and independent across purposes', async () => {
    const wh = await Warehouse.open(':memory:', { threads: 2 });
    const draw = async (seed: number) => {
      await installSqlHelpers(wh, seed);
      return wh.one<{ c: number; mean: number; lo: number; hi: number; fp: number }>(
        `select corr(a, b)::double as c, avg(a)::double as mean, min(b) filter (where a < 0.02) as lo,
                max(b) filter (where a < 0.02) as hi, sum(a)::double as fp
         from (select demo_u(k, 'fate') as a, demo_u(k, 'fate-day') as b
               from (select 'x' || i::varchar || '0' as k from range(100000) t(i)))`,
      );
    };
    const a = await draw(7);
    const again = await draw(7);
    const other = await draw(8);
    wh.closeAll();
    expect(again).toEqual(a);
    expect(other?.fp).not.toBe(a?.fp);
    expect(Math.abs(a?.c ?? 1)).toBeLessThan(0.02);
    expect(a?.mean).toBeGreaterThan(0.49);
    expect(a?.mean).toBeLessThan(0.51);
    // Rows with a small first draw still spread over the whole range of the second.
    expect(a?.lo).toBeLessThan(0.05);
    expect(a?.hi).toBeGreaterThan(0.95);
  });

  it('JavaScript draws depend on seed and keys only', () => {
    const r = new SeededRandom(3);
    expect(r.u('a', 1)).toBe(new SeededRandom(3).u('a', 1));
    expect(r.u('a', 1)).not.toBe(new SeededRandom(4).u('a', 1));
    expect(r.u('a', 1)).not.toBe(r.u('a', 2));
    const xs = Array.from({ length: 5000 }, (_, i) => r.int(1, 6, 'die', i));
    expect(Math.min(...xs)).toBe(1);
    expect(Math.max(...xs)).toBe(6);
    expect(r.shuffle([1, 2, 3, 4, 5], 'k').sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
