import { describe, expect, it } from 'vitest';
import { alertColumns, commentRequired } from './alert-columns.ts';

describe('alert columns', () => {
  it('say the level in Chinese and the amount in 元', () => {
    const [level, , , , , amount] = alertColumns();
    const format = level?.valueFormatter as (p: { value: unknown }) => string;
    expect(format({ value: 'orange' })).toBe('橙色');
    expect(amount?.headerName).toBe('金额 (元)');
  });

  it('ask for a comment when explaining or returning an alert', () => {
    expect(commentRequired('explain')).toBe(true);
    expect(commentRequired('return')).toBe(true);
    expect(commentRequired('settle')).toBe(false);
  });
});
