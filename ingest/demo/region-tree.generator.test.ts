import { describe, expect, it } from 'vitest';
import { SCALES } from './demo.types.ts';
import { HOUSEHOLD_SIZE, allRegions, generateRegionTree } from './region-tree.generator.ts';
import { SeededRandom } from './seeded-random.ts';

const LENGTH = { central: 6, province: 6, city: 6, county: 6, township: 9, village: 12 } as const;

describe('region tree', () => {
  it('builds 中央 → province → cities → counties → townships → villages with consistent codes', () => {
    const tree = generateRegionTree(new SeededRandom(1), SCALES.small);
    const all = allRegions(tree);
    const byCode = new Map(all.map((r) => [r.code, r]));
    expect(byCode.size).toBe(all.length);
    for (const r of all) {
      expect(r.code).toHaveLength(LENGTH[r.level]);
      if (r.level === 'central') continue;
      const parent = byCode.get(r.parent ?? '');
      expect(parent, r.code).toBeDefined();
      if (r.level === 'township' || r.level === 'village') expect(r.code.startsWith(r.parent ?? 'x')).toBe(true);
      if (r.level === 'county') expect(r.code.slice(0, 4)).toBe((r.parent ?? '').slice(0, 4));
    }
    expect(tree.cities).toHaveLength(1);
    expect(tree.counties.length).toBeGreaterThanOrEqual(3);
    expect(tree.counties.length).toBeLessThanOrEqual(4);
    expect(tree.townships.length).toBeGreaterThanOrEqual(25);
    expect(tree.townships.length).toBeLessThanOrEqual(40);
    expect(new Set(tree.counties.map((c) => c.name)).size).toBe(tree.counties.length);
    expect(tree.eastern.parent).toBe('100000');
    expect(tree.province.code).not.toBe(tree.eastern.code);
  });

  it('reaches about 100 counties and 1,500 townships at province scale', () => {
    const tree = generateRegionTree(new SeededRandom(1), SCALES.province);
    expect(tree.counties.length).toBeGreaterThan(85);
    expect(tree.counties.length).toBeLessThan(115);
    expect(tree.townships.length).toBeGreaterThan(1300);
    expect(tree.townships.length).toBeLessThan(1700);
    const people = tree.villages.reduce((a, v) => a + v.households, 0) * HOUSEHOLD_SIZE;
    expect(people).toBeGreaterThan(2_850_000);
    expect(people).toBeLessThan(3_150_000);
  });

  it('depends on the seed', () => {
    const a = generateRegionTree(new SeededRandom(1), SCALES.small);
    const b = generateRegionTree(new SeededRandom(2), SCALES.small);
    expect(allRegions(a).map((r) => r.name)).not.toEqual(allRegions(b).map((r) => r.name));
  });
});
