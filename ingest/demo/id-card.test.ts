import { describe, expect, it } from 'vitest';
import { Warehouse } from '../../warehouse/index.ts';
import { idCheckChar, idProblem, isValidResidentId } from './id-card.ts';
import { installSqlHelpers } from './sql-random.ts';

describe('居民身份证号 (GB 11643)', () => {
  it('accepts the standard example and names what is wrong with broken ones', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(idProblem('110105194912310021')).toBe('check_digit');
    expect(idProblem('11010519491231002')).toBe('length');
    expect(idProblem('110105194913310028')).toBe('birth_date');
    expect(idProblem('11010519490229002X')).toBe('birth_date');
    expect(idProblem('11010519491231002x')).toBe('format');
  });

  it('computes the same check character in SQL as in JavaScript', async () => {
    const wh = await Warehouse.open(':memory:');
    await installSqlHelpers(wh, 1);
    const rows = await wh.all<{ s: string; c: string }>(
      `select s, demo_id_check(s) as c from (
         select lpad((hash(i) % 100000000000000000)::varchar, 17, '0') as s from range(2000) t(i))`,
    );
    wh.closeAll();
    expect(rows).toHaveLength(2000);
    for (const r of rows) expect(r.c).toBe(idCheckChar(r.s));
    expect(new Set(rows.map((r) => r.c)).size).toBe(11);
  });
});
