import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { filterDimensions, measureLabel, probeOptions, probeTemplate, type Catalogue } from './filter-values.probe.ts';

const catalogue: Catalogue = {
  dimensions: [
    { key: 'region', label: '地区' },
    { key: 'from_region', label: '下达地区' },
    { key: 'fund', label: '专项资金' },
  ],
  facts: [
    {
      key: 'interlock',
      label: '上下级咬合',
      dimensions: ['region', 'from_region'],
      measures: [{ ref: 'interlock.issued', label: '上级下达', format: 'amount', ledger: '', relation: 'detail' }],
    },
  ],
};

describe('filter values', () => {
  it('offers the dimensions of the measure’s fact, never region', () => {
    expect(filterDimensions(catalogue, 'interlock.issued')).toEqual([{ value: 'from_region', label: '下达地区' }]);
    expect(filterDimensions(catalogue, 'nothing.there')).toEqual([]);
    expect(measureLabel(catalogue, 'interlock.issued')).toBe('上级下达');
    expect(measureLabel(catalogue, 'x.y')).toBe('x.y');
  });

  it('probes with a template laid out by the dimension, and refuses names that are not names', () => {
    expect(parse(probeTemplate('interlock.issued', 'from_region'))).toMatchObject({
      rows: { dimension: 'from_region', total: false, subtotals: false },
      columns: [{ key: 'probe', measure: 'interlock.issued' }],
    });
    expect(() => probeTemplate('interlock.issued }', 'fund')).toThrow();
  });

  it('turns the probe’s rows into options, without the empty value', () => {
    expect(
      probeOptions([
        { key: '100000', label: '中央' },
        { key: '', label: '未登记专项资金' },
        { key: '教育', label: '教育' },
      ]),
    ).toEqual([
      { value: '100000', label: '中央 (100000)' },
      { value: '教育', label: '教育' },
    ]);
  });
});
