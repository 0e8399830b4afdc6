/** 添加列: a catalogue measure (grouped by fact, with its 总台账 口径), or a formula over the columns' keys. */
import { useState } from 'react';
import {
  CELL_FORMATS,
  FORMAT_LABELS,
  addColumn,
  addFormula,
  type CellFormat,
  type DraftEdit,
  type TemplateDraft,
} from './template-draft.editor.ts';
import type { Catalogue } from './filter-values.probe.ts';

interface Props {
  draft: TemplateDraft;
  catalogue: Catalogue;
  onEdit: (edit: DraftEdit) => void;
}

export function AddColumnForm({ draft, catalogue, onEdit }: Props) {
  const [measure, setMeasure] = useState('');
  const [key, setKey] = useState('');
  const [header, setHeader] = useState('');
  const [formula, setFormula] = useState('');
  const [format, setFormat] = useState<CellFormat>('percent');
  const found = catalogue.facts.flatMap((f) => f.measures).find((m) => m.ref === measure);
  const fact = catalogue.facts.find((f) => f.key === measure.split('.')[0]);
  const rowsFit = !fact || fact.dimensions.includes(draft.rows.dimension);
  return (
    <div data-testid="add-column">
      <div>
        <select data-testid="add-measure" value={measure} onChange={(e) => setMeasure(e.target.value)}>
          <option value="">选择度量…</option>
          {catalogue.facts.map((f) => (
            <optgroup key={f.key} label={`${f.label} (可按: ${f.dimensions.join(', ')})`}>
              {f.measures.map((m) => (
                <option key={m.ref} value={m.ref}>
                  {m.label} · {m.ref}
                </option>
              ))}
            </optgroup>
          ))}
        </select>{' '}
        <button
          type="button"
          data-testid="add-measure-button"
          disabled={!found}
          onClick={() => found && onEdit((d) => addColumn(d, found.ref, found.label))}
        >
          添加度量列
        </button>{' '}
        {found && (
          <span className="muted">
            总台账口径: {found.ledger}
            {rowsFit ? '' : ` · 不能按 ${draft.rows.dimension} 分行`}
          </span>
        )}
      </div>
      <div style={{ marginTop: 6 }}>
        公式列:{' '}
        <input
          placeholder="列键"
          data-testid="formula-key"
          value={key}
          size={12}
          onChange={(e) => setKey(e.target.value)}
        />{' '}
        <input
          placeholder="表头 (用 / 分层)"
          data-testid="formula-header"
          value={header}
          size={16}
          onChange={(e) => setHeader(e.target.value)}
        />{' '}
        ={' '}
        <input
          placeholder={`例如 ${draft.columns[1]?.key ?? 'paid'} / ${draft.columns[0]?.key ?? 'available'}`}
          data-testid="formula-text"
          value={formula}
          size={26}
          onChange={(e) => setFormula(e.target.value)}
        />{' '}
        <select
          data-testid="formula-format"
          value={format}
          onChange={(e) => setFormat(CELL_FORMATS.find((f) => f === e.target.value) ?? 'percent')}
        >
          {CELL_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </select>{' '}
        <button
          type="button"
          data-testid="add-formula-button"
          disabled={!key || !header || !formula}
          onClick={() => {
            onEdit((d) => addFormula(d, { key, header, formula, format }));
            setKey('');
            setHeader('');
            setFormula('');
          }}
        >
          添加公式列
        </button>
        <span className="muted"> 公式只能引用前面的列键: + − × ÷ ( ) 和数字</span>
      </div>
    </div>
  );
}
