import { describe, expect, it } from 'vitest';
import { rejectReportPath, spreadsheetSafe } from './rejects.report.ts';

describe('rejection report', () => {
  it('defuses cells a spreadsheet would run as formulas, but not numbers', () => {
    expect(['=SUM(A1)', '+1+2', '@x', '-cmd', '-12.50', '+3', '1,234.56', '普通'].map(spreadsheetSafe)).toEqual([
      "'=SUM(A1)",
      "'+1+2",
      "'@x",
      "'-cmd",
      '-12.50',
      '+3',
      '1,234.56',
      '普通',
    ]);
  });

  it('puts the report beside the warehouse', () => {
    expect(rejectReportPath('/data/w/fundtrail.duckdb', 7, 'payments')).toBe('/data/w/rejects/load-7-payments.csv');
  });
});
