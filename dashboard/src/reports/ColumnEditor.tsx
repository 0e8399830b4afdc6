/** One column of the draft: key and header, its measure (with filters) or formula and format; move, remove. */
import {
  CELL_FORMATS,
  FORMAT_LABELS,
  columnKind,
  headerText,
  moveColumn,
  parseHeader,
  removeColumn,
  updateColumn,
  type DraftColumn,
  type DraftEdit,
  type PathIssue,
} from './template-draft.editor.ts';
import { measureLabel, type Catalogue } from './filter-values.probe.ts';
import { FieldIssues } from './FieldIssues.tsx';
import { FilterEditor } from './FilterEditor.tsx';

interface Props {
  index: number;
  count: number;
  column: DraftColumn;
  catalogue: Catalogue;
  issues: readonly PathIssue[];
  region: string;
  year: number;
  onEdit: (edit: DraftEdit) => void;
}

const KIND = { measure: '度量', formula: '公式', fill: '填报', unknown: '?' } as const;

export function ColumnEditor({ index, count, column, catalogue, issues, region, year, onEdit }: Props) {
  const path = `columns.${index}`;
  const kind = columnKind(column);
  const edit = (patch: Partial<DraftColumn>): void => onEdit((d) => updateColumn(d, index, patch));
  return (
    <li data-testid={`column-${index}`} data-key={column.key} style={{ marginBottom: 6 }}>
      <span className="muted">{KIND[kind]}</span>{' '}
      <input
        aria-label="列键"
        data-testid={`column-key-${index}`}
        value={column.key}
        size={12}
        onChange={(e) => edit({ key: e.target.value })}
      />{' '}
      <input
        aria-label="表头 (用 / 分层)"
        data-testid={`column-header-${index}`}
        value={headerText(column.header)}
        size={22}
        onChange={(e) => edit({ header: parseHeader(e.target.value) })}
      />{' '}
      {kind === 'measure' && (
        <span title={column.measure}>
          {measureLabel(catalogue, column.measure ?? '')} <code>{column.measure}</code>
        </span>
      )}
      {kind === 'formula' && (
        <>
          ={' '}
          <input
            aria-label="公式"
            data-testid={`column-formula-${index}`}
            value={column.formula ?? ''}
            size={26}
            onChange={(e) => edit({ formula: e.target.value })}
          />{' '}
          <select
            aria-label="格式"
            value={column.format ?? 'decimal'}
            onChange={(e) => edit({ format: e.target.value })}
          >
            {CELL_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </>
      )}{' '}
      <button
        type="button"
        className="link"
        disabled={index === 0}
        onClick={() => onEdit((d) => moveColumn(d, index, index - 1))}
      >
        上移
      </button>
      <button
        type="button"
        className="link"
        disabled={index === count - 1}
        onClick={() => onEdit((d) => moveColumn(d, index, index + 1))}
      >
        下移
      </button>
      <button
        type="button"
        className="link"
        data-testid={`column-remove-${index}`}
        onClick={() => onEdit((d) => removeColumn(d, index))}
      >
        删除
      </button>
      {kind === 'measure' && (
        <FilterEditor index={index} column={column} catalogue={catalogue} region={region} year={year} onEdit={onEdit} />
      )}
      <div>
        <FieldIssues issues={issues} path={path} />
      </div>
    </li>
  );
}
