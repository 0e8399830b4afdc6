import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { detectEncoding, detectFile } from './file-format.detector.ts';

const dir = mkdtempSync(join(tmpdir(), 'fundtrail-detect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: Buffer | string): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('detectEncoding', () => {
  it('tells UTF-8, UTF-8 with BOM, GB18030 and UTF-16 apart', () => {
    expect(detectEncoding(Buffer.from('区划代码,名称\n'), true)).toBe('utf-8');
    expect(detectEncoding(Buffer.from('\uFEFF区划代码'), true)).toBe('utf-8-bom');
    expect(detectEncoding(iconv.encode('区划代码,名称\n贵州省', 'gbk'), true)).toBe('gb18030');
    expect(detectEncoding(iconv.encode('\uFEFFcode,name', 'utf-16le'), true)).toBe('utf-16le');
    expect(detectEncoding(iconv.encode('code,name\r\n520000,guizhou\r\n', 'utf-16le'), true)).toBe('utf-16le');
    expect(detectEncoding(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), true)).toBe('binary');
  });

  it('does not take a multi-byte character cut at the end of a sample for GB18030', () => {
    const cut = Buffer.from('代码,名称,贵州').subarray(0, 16);
    expect(detectEncoding(cut, false)).toBe('utf-8');
    expect(detectEncoding(cut, true)).toBe('gb18030');
  });
});

describe('detectFile', () => {
  it('trusts content over the extension', () => {
    expect(detectFile(write('a.xlsx.csv', Buffer.from('PK\u0003\u0004rest'))).format).toBe('xlsx');
    expect(detectFile(write('b.txt', Buffer.from('PAR1....'))).format).toBe('parquet');
    expect(detectFile(write('c.dat', 'a,b\n1,2\n'))).toEqual({ format: 'csv', encoding: 'utf-8', size: 8 });
  });

  it('refuses legacy .xls and files whose extension promises what the content is not', () => {
    expect(() => detectFile(write('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1])))).toThrow(/旧版 Excel/);
    expect(() => detectFile(write('fake.parquet', 'a,b'))).toThrow(/PAR1/);
  });
});
