import { describe, expect, it } from 'vitest';
import { paymentsSubject, paymentsTitle, peopleSubject } from './grid-subject.builder.ts';

describe('grid subjects', () => {
  it('ask for the most specific subject the drill reached', () => {
    const ctx = { year: 2020, region: '520100', doc: 'D1', project: 'PR1', person: 'ref-9' };
    expect(paymentsSubject(ctx, '520000')).toEqual({
      person_ref: 'ref-9',
      project: 'PR1',
      year: 2020,
      month: undefined,
    });
    expect(paymentsSubject({ year: 2020, person: 'ref-9' }, '520000')).toEqual({
      person_ref: 'ref-9',
      project: undefined,
      year: 2020,
      month: undefined,
    });
    expect(paymentsSubject({ ...ctx, person: undefined }, '520000')).toEqual({
      doc: 'D1',
      year: 2020,
      month: undefined,
    });
    expect(paymentsSubject({ year: 2020, project: 'PR1', month: '2020-03' }, '520000')).toEqual({
      project: 'PR1',
      year: 2020,
      month: '2020-03',
    });
    expect(paymentsSubject({ year: 2020 }, '520000')).toEqual({ region: '520000', year: 2020, month: undefined });
  });

  it('ask people of a project, else of the region', () => {
    expect(peopleSubject({ year: 2020, region: '520100', project: 'PR1' }, '520000')).toEqual({
      project: 'PR1',
      year: 2020,
    });
    expect(peopleSubject({ year: 2020 }, '520000')).toEqual({ region: '520000', year: 2020 });
  });

  it('say whose payments they are', () => {
    expect(paymentsTitle({ project: 'PR1', month: '2020-03' })).toBe('项目 PR1的发放明细 (2020-03)');
    expect(paymentsTitle({ person: 'x', project: 'PR1' })).toBe('该人员的发放明细');
  });
});
