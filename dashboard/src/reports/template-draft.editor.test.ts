import { describe, expect, it } from 'vitest';
import {
  addColumn,
  addFormula,
  asDraft,
  headerText,
  issuesAt,
  moveColumn,
  parseHeader,
  removeColumn,
  setFilter,
  setRows,
  toggleLevel,
  uniqueKey,
  updateColumn,
  type TemplateDraft,
} from './template-draft.editor.ts';

const draft = (): TemplateDraft => ({
  id: 'demo',
  title: '演示',
  unit: '万元',
  rows: { dimension: 'region', levels: ['city', 'county'], label: '地区' },
  columns: [
    { key: 'available', header: ['资金规模'], measure: 'ledger.available' },
    { key: 'paid', header: '已支付', measure: 'ledger.paid', width: 12 },
    { key: 'rate', header: ['进度'], formula: 'paid / available', format: 'percent' },
  ],
});

describe('asDraft', () => {
  it('takes a template object and keeps every key', () => {
    const d = asDraft({ ...draft(), fixed: [{ text: '{year}年度' }] });
    expect(typeof d).toBe('object');
    expect(d).toMatchObject({ id: 'demo', fixed: [{ text: '{year}年度' }] });
  });

  it('says why the form cannot edit something else', () => {
    expect(asDraft('text')).toContain('映射');
    expect(asDraft({ rows: {}, columns: [] })).toContain('rows.dimension');
    expect(asDraft({ rows: { dimension: 'fund' }, columns: [{ header: 'x' }] })).toContain('key');
  });
});

describe('rows', () => {
  it('orders region levels down the tree and drops them for other dimensions', () => {
    expect(setRows(draft(), 'region', ['county', 'province']).rows.levels).toEqual(['province', 'county']);
    const byFund = setRows(draft(), 'fund');
    expect(byFund.rows).toEqual({ dimension: 'fund', label: '地区' });
  });

  it('toggles one level; none left means no levels key', () => {
    expect(toggleLevel(draft(), 'county', false).rows.levels).toEqual(['city']);
    expect(toggleLevel(draft(), 'township', true).rows.levels).toEqual(['city', 'county', 'township']);
    const none = toggleLevel(toggleLevel(draft(), 'county', false), 'city', false);
    expect('levels' in none.rows).toBe(false);
  });

  it('keeps members when the dimension stays, drops them when it changes', () => {
    const subjects: TemplateDraft = { ...draft(), rows: { dimension: 'subject', members: ['1001|'] } };
    expect(setRows(subjects, 'subject').rows.members).toEqual(['1001|']);
    expect(setRows(subjects, 'fund').rows.members).toBeUndefined();
  });
});

describe('columns', () => {
  it('adds a measure column with a fresh key after the measure', () => {
    const d = addColumn(draft(), 'ledger.paid', '实际支付');
    expect(d.columns[3]).toEqual({ key: 'paid_2', header: ['实际支付'], measure: 'ledger.paid' });
    expect(uniqueKey(draft(), '9 中央')).toBe('col');
    expect(uniqueKey(draft(), 'Issued-Central')).toBe('issued_central');
  });

  it('adds a formula column with its header path and format', () => {
    const d = addFormula(draft(), {
      key: 'share',
      header: '分配/占比',
      formula: 'paid / available',
      format: 'percent',
    });
    expect(d.columns[3]).toEqual({
      key: 'share',
      header: ['分配', '占比'],
      formula: 'paid / available',
      format: 'percent',
    });
  });

  it('removes, moves (clamped) and updates columns without touching the others', () => {
    expect(removeColumn(draft(), 1).columns.map((c) => c.key)).toEqual(['available', 'rate']);
    expect(moveColumn(draft(), 2, 0).columns.map((c) => c.key)).toEqual(['rate', 'available', 'paid']);
    expect(moveColumn(draft(), 0, 9).columns.map((c) => c.key)).toEqual(['paid', 'rate', 'available']);
    expect(moveColumn(draft(), 0, -1)).toEqual(draft());
    const d = updateColumn(draft(), 1, { header: ['付'] });
    expect(d.columns[1]).toEqual({ key: 'paid', header: ['付'], measure: 'ledger.paid', width: 12 });
  });

  it('sets and clears a filter; the last one cleared removes filters', () => {
    const d = setFilter(draft(), 0, 'fund', ['ZYFP', 'ZYFP', 'SJFP']);
    expect(d.columns[0]?.filters).toEqual({ fund: ['ZYFP', 'SJFP'] });
    const two = setFilter(d, 0, 'source_type', ['本级安排']);
    expect(Object.keys(two.columns[0]?.filters ?? {})).toEqual(['fund', 'source_type']);
    const cleared = setFilter(setFilter(two, 0, 'fund', []), 0, 'source_type', []);
    expect(cleared.columns[0]).toEqual(draft().columns[0]);
  });
});

describe('headers and issues', () => {
  it('reads a header path typed with slashes (an empty part stays, for the checker to name)', () => {
    expect(parseHeader('资金规模')).toBe('资金规模');
    expect(parseHeader('资金来源/中央')).toEqual(['资金来源', '中央']);
    expect(parseHeader('资金来源/')).toEqual(['资金来源', '']);
    expect(headerText(['资金来源', '中央'])).toBe('资金来源/中央');
  });

  it('finds the issues of a path and of what is inside it', () => {
    const issues = [
      { path: 'columns.1.formula', message: 'a' },
      { path: 'columns.10.key', message: 'b' },
      { path: 'columns.1', message: 'c' },
    ];
    expect(issuesAt(issues, 'columns.1').map((i) => i.message)).toEqual(['a', 'c']);
    expect(issuesAt(issues, 'columns.1.formula').map((i) => i.message)).toEqual(['a']);
  });
});
