import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { editText, readDraft, writeDraft } from './template-yaml.codec.ts';
import { addColumn, setFilter, toggleLevel } from './template-draft.editor.ts';

const TEXT = `# 分配进度: 一段说明
# 第二行
id: demo
title: 演示表
fixed:
  - {text: '{year}年度', span: 4}
rows:
  dimension: region
  levels: [city, county]
columns:
  - {key: available, header: [资金规模], measure: ledger.available}
  - {key: rate, header: [进度], formula: available / available, format: percent}
`;

describe('readDraft / writeDraft', () => {
  it('round-trips a template one column a line, keeping the leading comments', () => {
    const read = readDraft(TEXT);
    expect(read.problem).toBeNull();
    expect(writeDraft(TEXT, read.draft!)).toBe(TEXT);
  });

  it('says why broken YAML cannot be edited in the form, and leaves the text alone', () => {
    expect(readDraft('id: [').problem).toContain('YAML 语法错误');
    expect(readDraft('- a\n- b').problem).toContain('映射');
    expect(editText('id: [', (d) => d)).toBe('id: [');
  });

  it('writes an edit back: filter values that look like numbers stay strings', () => {
    let text = editText(TEXT, (d) => addColumn(d, 'interlock.issued', '上级下达'));
    text = editText(text, (d) => setFilter(d, 2, 'from_region', ['100000']));
    text = editText(text, (d) => toggleLevel(d, 'county', false));
    expect(text).toContain(
      "  - {key: issued, header: [上级下达], measure: interlock.issued, filters: {from_region: ['100000']}}",
    );
    const value = parse(text) as { rows: { levels: string[] }; columns: { filters?: Record<string, unknown> }[] };
    expect(value.rows.levels).toEqual(['city']);
    expect(value.columns[2]?.filters).toEqual({ from_region: ['100000'] });
    expect(text.startsWith('# 分配进度')).toBe(true);
  });
});
