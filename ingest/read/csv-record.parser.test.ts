import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseFirstRecord } from './csv-record.parser.ts';

describe('parseFirstRecord', () => {
  it('splits cells, unquotes and unescapes, stops at the line break', () => {
    const r = parseFirstRecord('a,"b,c","say ""hi""",\r\nnext,row');
    expect(r).toEqual({ cells: ['a', 'b,c', 'say "hi"', ''], length: 23, complete: true });
  });

  it('keeps line breaks inside quotes and reports an unterminated quote', () => {
    expect(parseFirstRecord('"多行\n姓名",x\ny').cells).toEqual(['多行\n姓名', 'x']);
    expect(parseFirstRecord('a,"open').complete).toBe(false);
  });

  it('reads a record without a trailing line break, with another delimiter', () => {
    expect(parseFirstRecord('证件号码\t姓名', '\t')).toEqual({
      cells: ['证件号码', '姓名'],
      length: 7,
      complete: true,
    });
  });
});

describe('detectDelimiter', () => {
  it('picks the most frequent delimiter outside quotes, comma on a tie', () => {
    expect(detectDelimiter('a\tb\tc\n1,2,3,4,5')).toBe('\t');
    expect(detectDelimiter('"a;b;c",d,e')).toBe(',');
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('single')).toBe(',');
  });
});
