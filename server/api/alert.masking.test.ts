import { describe, expect, it } from 'vitest';
import { maskAlert, maskAlertText } from './alert.masking.ts';

describe('masking of alerts', () => {
  it('masks identity and account numbers in the detail, not region codes, document ids or amounts', () => {
    expect(maskAlertText('建档立卡人员 邹山友 的证件号码 58012119900403000X 无效')).toBe(
      '建档立卡人员 邹山友 的证件号码 580121********000X 无效',
    );
    expect(maskAlertText('账户 6231900000090000001 (户名 李亮) 为 4 人收款 37940.00 元')).toBe(
      '账户 ***************0001 (户名 李亮) 为 4 人收款 37940.00 元',
    );
    const plain = '580100 下达 580121 490000.00 元; 村 580121100200 单据 580124-2020-T01-0005';
    expect(maskAlertText(plain)).toBe(plain);
  });

  it('masks the subject for masked roles only', () => {
    const alert = { subject_id: '580121199004030007', detail: '证件号码 580121199004030007' };
    expect(maskAlert(alert, true)).toBe(alert);
    expect(maskAlert(alert, false)).toEqual({
      subject_id: '580121********0007',
      detail: '证件号码 580121********0007',
    });
  });
});
