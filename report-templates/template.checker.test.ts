import { describe, expect, it } from 'vitest';
import { checkTemplate, parseTemplateText, TemplateError } from './template.checker.ts';

const base = {
  id: 'probe',
  title: '试算表',
  rows: { dimension: 'region', levels: ['county'] },
  columns: [
    { key: 'available', header: '可用资金', measure: 'ledger.available' },
    { key: 'paid', header: ['支出', '实际支付'], measure: 'ledger.paid' },
    { key: 'rate', header: '支出进度', formula: 'paid / available' },
  ],
};

function issuesOf(value: unknown): { path: string; message: string }[] {
  try {
    checkTemplate(value);
  } catch (e) {
    if (e instanceof TemplateError) return e.issues;
    throw e;
  }
  throw new Error('expected the template to be refused');
}

describe('template checks', () => {
  it('accepts a good template', () => {
    expect(checkTemplate(base).template.unit).toBe('万元');
  });

  it('names an unknown measure with its path and the measures there are', () => {
    const issues = issuesOf({ ...base, columns: [{ key: 'x', header: 'X', measure: 'ledger.nothing' }] });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('columns.0.measure');
    expect(issues[0]!.message).toContain("未知的度量 'ledger.nothing'");
    expect(issues[0]!.message).toContain('ledger.available');
  });

  it('names an unknown dimension, and a measure that cannot be laid out by the dimension', () => {
    expect(issuesOf({ ...base, rows: { dimension: 'planet' } })[0]).toMatchObject({
      path: 'rows.dimension',
      message: expect.stringContaining("未知的维度 'planet'"),
    });
    const issues = issuesOf({
      ...base,
      rows: { dimension: 'category' },
      columns: [{ key: 'a', header: 'A', measure: 'ledger.available' }],
    });
    expect(issues[0]).toMatchObject({
      path: 'columns.0.measure',
      message: expect.stringContaining('不能按维度 category'),
    });
  });

  it('reports every problem at once: shape, formula, filters, duplicate keys', () => {
    const issues = issuesOf({
      ...base,
      filters: { planet: ['x'], region: ['580121'] },
      columns: [
        { key: 'a', header: 'A', measure: 'ledger.available', colour: 'red' },
        { key: 'b', header: 'B', formula: 'a / nothing' },
        { key: 'b', header: 'C', formula: '(a' },
        { key: 'd', header: 'D' },
      ],
    });
    const paths = issues.map((i) => i.path);
    expect(paths).toContain('columns.0');
    expect(paths).toContain('columns.3');
    expect(issues.find((i) => i.path === 'columns.0')!.message).toMatch(/colour/);
    expect(issues.find((i) => i.path === 'columns.3')!.message).toContain('measure');
  });

  it('names formula, filter and duplicate problems of a well-shaped template', () => {
    const issues = issuesOf({
      ...base,
      filters: { planet: ['x'], region: ['580121'] },
      columns: [
        { key: 'a', header: 'A', measure: 'ledger.available' },
        { key: 'b', header: 'B', formula: 'a / nothing' },
        { key: 'b', header: 'C', formula: '(a' },
        { key: 'e', header: 'E', measure: 'village_payments.paid', filters: { fund: ['X'] } },
      ],
    });
    expect(issues.map((i) => i.path).sort()).toEqual(
      [
        'columns.1.formula',
        'columns.2.formula',
        'columns.2.key',
        'columns.3.filters.fund',
        'filters.planet',
        'filters.region',
      ].sort(),
    );
  });

  it('reports a YAML syntax error with its line', () => {
    expect(() => parseTemplateText('id: a\ntitle: [unclosed\n')).toThrow(/YAML 语法错误/);
  });
});
