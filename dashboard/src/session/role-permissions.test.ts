import { describe, expect, it } from 'vitest';
import type { Signoff } from '../../../server/api/api.types.ts';
import { canCreateSignoff, signoffActions } from './role-permissions.ts';

function signoff(status: Signoff['status'], createdBy = 'luru'): Signoff {
  return {
    signoff_id: 1,
    status,
    status_name: status,
    created_by: createdBy,
    created_at: '2020-05-01T00:00:00Z',
    steps: [],
    document: {
      doc_id: 'D1',
      txn_code: 'T02',
      region_code: '520000',
      budget_year: 2020,
      doc_date: '2020-05-01',
      doc_no: null,
      sup_doc_no: null,
      source_doc_id: null,
      corrects_doc_id: null,
      fund_code: 'P',
      project_code: null,
      project_name: null,
      func_subject: null,
      econ_subject: null,
      target_region_code: null,
      amount: 100,
      advance: false,
      for_poor: true,
      direct: false,
      summary: null,
    },
  };
}

describe('signoff permissions', () => {
  it('lets 指标录入岗 create and nobody else but the admin', () => {
    expect(canCreateSignoff('entry')).toBe(true);
    expect(canCreateSignoff('review')).toBe(false);
    expect(canCreateSignoff('leader')).toBe(false);
  });

  it('lets the reviewer review a draft, then issue it when it was entered by someone else', () => {
    expect(signoffActions('review', 'shenhe', signoff('draft'))).toEqual({ review: true, issue: false, return: true });
    expect(signoffActions('review', 'shenhe', signoff('reviewed'))).toEqual({
      review: false,
      issue: true,
      return: true,
    });
    expect(signoffActions('admin', 'luru', signoff('reviewed', 'luru')).issue).toBe(false);
  });

  it('offers nothing on an issued 签报 or to other roles', () => {
    expect(signoffActions('review', 'shenhe', signoff('issued'))).toEqual({
      review: false,
      issue: false,
      return: false,
    });
    expect(signoffActions('entry', 'luru', signoff('draft'))).toEqual({ review: false, issue: false, return: false });
  });
});
