import { describe, expect, it } from 'vitest';
import { drillTrail, fundOfSegment, paths, readDrill } from './app.routes.ts';

describe('paths', () => {
  it('put the state of a page in its URL', () => {
    expect(paths.overview({ year: 2020, region: '520000' })).toBe('/?year=2020&region=520000');
    expect(paths.overview()).toBe('/');
    expect(paths.region('520100', 2020)).toBe('/regions/520100?year=2020');
    expect(paths.fund('520100', null, 2020)).toBe('/regions/520100/funds/_?year=2020');
    expect(paths.payments({ person: 'P1', year: 2020, month: '2020-03' })).toBe(
      '/payments?year=2020&person=P1&month=2020-03',
    );
    expect(paths.login('/regions/520100?year=2020')).toBe('/login?next=%2Fregions%2F520100%3Fyear%3D2020');
    expect(paths.login('/login')).toBe('/login');
  });

  it('encode document ids and do not repeat the page subject in the context', () => {
    expect(paths.document('D/1', { year: 2020, region: '520100', fund: 'P', doc: 'X' })).toBe(
      '/documents/D%2F1?year=2020&region=520100&fund=P',
    );
  });
});

describe('readDrill', () => {
  it('reads back what the builders wrote', () => {
    const url = new URL(
      `http://x${paths.people({ year: 2020, region: '520100', fund: null, doc: 'D1', project: 'PR1' })}`,
    );
    expect(readDrill(url.searchParams)).toEqual({
      year: 2020,
      region: '520100',
      fund: null,
      doc: 'D1',
      project: 'PR1',
      person: undefined,
    });
  });

  it('ignores a malformed year', () => {
    expect(readDrill(new URLSearchParams('year=20x0')).year).toBeUndefined();
  });

  it('knows the no-fund placeholder', () => {
    expect(fundOfSegment('_')).toBeNull();
    expect(fundOfSegment('P')).toBe('P');
  });
});

describe('drillTrail', () => {
  it('gives fund → document → project → person, each with the context above it', () => {
    const trail = drillTrail(
      { year: 2020, region: '520100', fund: 'M', doc: 'D7', project: 'PR1', person: 'P9' },
      { fund: '财政专项扶贫资金', doc: '筑财农〔2020〕7号' },
    );
    expect(trail).toEqual([
      { label: '财政专项扶贫资金', to: '/regions/520100/funds/M?year=2020' },
      { label: '筑财农〔2020〕7号', to: '/documents/D7?year=2020&region=520100&fund=M' },
      { label: '项目 PR1', to: '/projects/PR1?year=2020&region=520100&fund=M&doc=D7' },
      { label: '人员 P9', to: '/payments?year=2020&region=520100&fund=M&doc=D7&project=PR1&person=P9' },
    ]);
  });

  it('is empty at the region level', () => {
    expect(drillTrail({ year: 2020, region: '520000' })).toEqual([]);
  });
});
