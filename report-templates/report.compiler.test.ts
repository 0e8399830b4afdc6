/**
 * No template text reaches SQL except as a bound value or a checked identifier: hostile filter values, headers
 * and formulas appear nowhere in the SQL text (only in the parameters), and a column key or measure that is
 * not a plain identifier from the catalogue is refused before any SQL is built.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kyselyFor, openWarehouse, type Warehouse } from '../warehouse/index.ts';
import { checkTemplate, TemplateError } from './template.checker.ts';
import { compileTemplate } from './report.compiler.ts';

let wh: Warehouse;
beforeAll(async () => {
  wh = await openWarehouse(join(mkdtempSync(join(tmpdir(), 'fundtrail-compiler-')), 'w.duckdb'));
});
afterAll(() => wh?.closeAll());

const HOSTILE = "x'); drop table meta.users; --";

describe('report compiler', () => {
  it('binds every value and keeps template text out of the SQL', () => {
    const checked = checkTemplate({
      id: 'hostile',
      title: `标题 ${HOSTILE}`,
      rows: { dimension: 'fund', label: HOSTILE },
      filters: { fund: [HOSTILE, 'XJFP'] },
      columns: [
        { key: 'paid', header: [HOSTILE], measure: 'ledger.paid', filters: { source_type: [`${HOSTILE}2`] } },
        { key: 'rate', header: 'R', formula: 'paid / 2' },
      ],
    });
    const [q] = compileTemplate(kyselyFor(wh), checked, { region: `580121${HOSTILE}`, year: 2020 });
    expect(q).toBeDefined();
    const text = q!.compiled.sql;
    expect(text).not.toContain('drop table');
    expect(text).not.toContain('标题');
    expect(text).not.toContain('paid / 2');
    expect(text).not.toContain('XJFP');
    expect(text).not.toContain('5201');
    expect(q!.compiled.parameters).toEqual(
      expect.arrayContaining([HOSTILE, 'XJFP', `${HOSTILE}2`, `580121${HOSTILE}`, '5201', 2020]),
    );
    expect(text).toMatch(/from "marts"\."general_ledger" as f/);
  });

  it('runs the compiled query with the hostile values as plain data', async () => {
    await wh.run(`create schema if not exists marts;
      create table if not exists marts.general_ledger (budget_year integer, region_code varchar, fund_code varchar,
        account_code varchar, source_type varchar, debit bigint, credit bigint);
      create table if not exists marts.region_closure (ancestor_code varchar, code varchar, depth integer)`);
    const checked = checkTemplate({
      id: 'hostile',
      title: 'T',
      rows: { dimension: 'fund' },
      filters: { fund: [HOSTILE] },
      columns: [{ key: 'paid', header: 'P', measure: 'ledger.paid' }],
    });
    const [q] = compileTemplate(kyselyFor(wh), checked, { region: HOSTILE, year: 2020 });
    expect(await wh.all(q!.compiled.sql, q!.compiled.parameters as never)).toEqual([]);
    expect(await wh.value<number>('select count(*) from meta.users')).toBe(0);
  });

  it('refuses a column key or measure that is not a catalogue identifier, before any SQL', () => {
    for (const column of [
      { key: 'paid"; drop', header: 'P', measure: 'ledger.paid' },
      { key: 'paid', header: 'P', measure: 'ledger.paid; drop table x' },
      { key: 'paid', header: 'P', measure: 'marts.general_ledger.debit' },
    ]) {
      expect(() => checkTemplate({ id: 'bad', title: 'T', rows: { dimension: 'fund' }, columns: [column] })).toThrow(
        TemplateError,
      );
    }
  });
});
