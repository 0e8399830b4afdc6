import { describe, expect, it } from 'vitest';
import { buildBlockUrl, buildExportUrl, sortFilterParams } from './grid-query.builder.ts';

const filters = { name: 'q', pay_month: 'month' };

describe('grid queries', () => {
  it('turn a block request into a 1-based page with its sort', () => {
    const url = buildBlockUrl(
      '/payments',
      { project: 'PR1', year: 2020 },
      { startRow: 200, endRow: 300, sortModel: [{ colId: 'paid', sort: 'desc' }], filterModel: null },
      filters,
    );
    expect(url).toBe('/api/payments?project=PR1&year=2020&sort=paid&dir=desc&page=3&page_size=100');
  });

  it('pass only the filters the server understands, trimmed', () => {
    expect(
      sortFilterParams(
        [],
        {
          name: { filterType: 'text', type: 'contains', filter: ' 张 ' },
          pay_month: { filterType: 'text', type: 'equals', filter: '2020-03' },
          bank: { filterType: 'text', type: 'contains', filter: '农行' },
          village_name: { filterType: 'text', type: 'contains', filter: '' },
        },
        filters,
      ),
    ).toEqual({ q: '张', month: '2020-03' });
  });

  it('export exactly the grid state with the visible columns', () => {
    const url = buildExportUrl(
      '/people',
      { project: 'PR1' },
      {
        sortModel: [{ colId: 'name', sort: 'asc' }],
        filterModel: { name: { filter: '李' } },
        columns: ['person_id', 'name', 'paid'],
      },
      filters,
      'xlsx',
    );
    expect(url).toBe(
      '/api/people?project=PR1&sort=name&dir=asc&q=%E6%9D%8E&format=xlsx&columns=person_id%2Cname%2Cpaid',
    );
  });
});
