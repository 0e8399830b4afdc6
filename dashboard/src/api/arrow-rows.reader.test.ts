import { describe, expect, it } from 'vitest';
import { Bool, Field, Int64, Schema, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { arrowRows } from './arrow-rows.reader.ts';

function stream(): Uint8Array {
  const schema = new Schema([
    new Field('person_id', new Utf8(), false),
    new Field('name', new Utf8(), true),
    new Field('paid', new Int64(), false),
    new Field('registered', new Bool(), true),
  ]);
  const table = new Table(schema, {
    person_id: vectorFromArray(['P1', 'P2'], new Utf8()),
    name: vectorFromArray(['张三', null], new Utf8()),
    paid: vectorFromArray([123456789012n, 5n], new Int64()),
    registered: vectorFromArray([true, null], new Bool()),
  });
  return tableToIPC(table, 'stream');
}

describe('arrowRows', () => {
  it('gives plain objects with 64-bit 分 as numbers and nulls kept', () => {
    expect(arrowRows(stream())).toEqual([
      { person_id: 'P1', name: '张三', paid: 123456789012, registered: true },
      { person_id: 'P2', name: null, paid: 5, registered: null },
    ]);
  });

  it('refuses an integer a number cannot hold exactly', () => {
    const schema = new Schema([new Field('paid', new Int64(), false)]);
    const table = new Table(schema, { paid: vectorFromArray([2n ** 60n], new Int64()) });
    expect(() => arrowRows(tableToIPC(table, 'stream'))).toThrow('安全范围');
  });
});
