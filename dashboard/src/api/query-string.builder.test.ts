import { describe, expect, it } from 'vitest';
import { apiPath, buildQuery, intParam, segment, textParam } from './query-string.builder.ts';

describe('buildQuery', () => {
  it('leaves out empty values and keeps the order', () => {
    expect(buildQuery({ region: '520000', year: 2020, fund: null, txn: undefined, q: '' })).toBe(
      '?region=520000&year=2020',
    );
    expect(buildQuery({})).toBe('');
  });

  it('joins arrays with commas and encodes text', () => {
    expect(buildQuery({ columns: ['name', 'paid'], q: '张 三&' })).toBe(
      '?columns=name%2Cpaid&q=%E5%BC%A0+%E4%B8%89%26',
    );
    expect(buildQuery({ columns: [] })).toBe('');
    expect(buildQuery({ advance: false })).toBe('?advance=false');
  });
});

describe('apiPath and segment', () => {
  it('puts paths under /api', () => {
    expect(apiPath('/regions/520000/children', { year: 2020 })).toBe('/api/regions/520000/children?year=2020');
    expect(apiPath('years')).toBe('/api/years');
  });

  it('encodes path segments', () => {
    expect(segment('黔财/2020 1号')).toBe('%E9%BB%94%E8%B4%A2%2F2020%201%E5%8F%B7');
  });
});

describe('intParam and textParam', () => {
  it('read whole numbers and non-empty text only', () => {
    const s = new URLSearchParams('year=2020&page=x&q=&region=520000');
    expect(intParam(s, 'year')).toBe(2020);
    expect(intParam(s, 'page')).toBeUndefined();
    expect(intParam(s, 'missing')).toBeUndefined();
    expect(textParam(s, 'q')).toBeUndefined();
    expect(textParam(s, 'region')).toBe('520000');
  });
});
