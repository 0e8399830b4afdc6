import { describe, expect, it } from 'vitest';
import { canAudit, fileUrl, jobPercent, sizeText } from './audit-job.format.ts';

describe('audit page helpers', () => {
  it('reads progress, links and sizes', () => {
    expect(jobPercent({ status: 'counting', rows_done: 0, rows_total: 0 })).toBe(0);
    expect(jobPercent({ status: 'writing', rows_done: 1, rows_total: 3 })).toBe(33);
    expect(jobPercent({ status: 'done', rows_done: 0, rows_total: 0 })).toBe(100);
    expect(fileUrl('ab12', '数据字典.md')).toBe(
      '/api/audit/exports/ab12/files/%E6%95%B0%E6%8D%AE%E5%AD%97%E5%85%B8.md',
    );
    expect(sizeText(2048)).toBe('2.0 KiB');
    expect([canAudit('auditor'), canAudit('admin'), canAudit('leader')]).toEqual([true, true, false]);
  });
});
