import { describe, expect, it } from 'vitest';
import { CLEAN_DOC_NO, defectiveDocNo, defectiveProjectName, docNumber } from './doc-number.format.ts';
import { SeededRandom } from './seeded-random.ts';

describe('文号 and project names', () => {
  const ctx = {
    issuer: '青溪',
    mark: '财农',
    year: 2020,
    n: 12,
    regionName: '青溪县',
    fundName: '中央财政专项扶贫资金',
  };

  it('writes clean 文号 in the GB/T 9704 form', () => {
    expect(docNumber('青溪', '财农', 2020, 12)).toBe('青溪财农〔2020〕12号');
    expect(docNumber('', '财农', 2019, 158)).toBe('财农〔2019〕158号');
    expect(CLEAN_DOC_NO.test('黔财农〔2020〕12号')).toBe(true);
    expect(CLEAN_DOC_NO.test('青溪财教〔2019〕3号')).toBe(true);
  });

  it('never makes a defective 文号 that passes as clean', () => {
    const rng = new SeededRandom(11);
    for (const kind of ['DQ01', 'DQ02', 'DQ03', 'DQ05', 'DQ06'] as const) {
      const variants = new Set<string | null>();
      for (let i = 0; i < 60; i++) variants.add(defectiveDocNo(kind, ctx, rng, `k${i}`));
      for (const v of variants) expect(v === null || !CLEAN_DOC_NO.test(v), `${kind}: ${v}`).toBe(true);
      if (kind !== 'DQ01') expect(variants.size, kind).toBeGreaterThan(2);
    }
    expect(defectiveDocNo('DQ01', ctx, rng, 'x')).toBeNull();
    expect(defectiveDocNo('DQ05', ctx, new SeededRandom(1), 'a')).toMatch(/青溪财农/);
  });

  it('makes the project-name defects of the catalogue', () => {
    const rng = new SeededRandom(5);
    const names = (kind: 'DQ12' | 'DQ13' | 'DQ14') =>
      new Set(
        Array.from({ length: 40 }, (_, i) =>
          defectiveProjectName(kind, { year: 2020, fundName: '以工代赈资金' }, rng, `p${i}`),
        ),
      );
    for (const n of names('DQ12')) expect(n).toMatch(/^\d+$/);
    for (const n of names('DQ13')) expect(n).toMatch(/^..专项$/);
    expect([...names('DQ14')].some((n) => n?.includes('以工代赈资金'))).toBe(true);
    expect(defectiveProjectName('DQ11', { year: 2020, fundName: 'x' }, rng, 'q')).toBeNull();
  });
});
