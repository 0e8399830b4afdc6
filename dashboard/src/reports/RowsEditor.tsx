/** 分行: the row dimension (from the catalogue) and, for regions, the levels shown below the report's region. */
import {
  LEVEL_LABELS,
  REGION_LEVELS,
  setRows,
  toggleLevel,
  type DraftEdit,
  type PathIssue,
  type TemplateDraft,
} from './template-draft.editor.ts';
import type { Catalogue } from './filter-values.probe.ts';
import { FieldIssues } from './FieldIssues.tsx';

interface Props {
  draft: TemplateDraft;
  catalogue: Catalogue;
  issues: readonly PathIssue[];
  onEdit: (edit: DraftEdit) => void;
}

export function RowsEditor({ draft, catalogue, issues, onEdit }: Props) {
  const levels = draft.rows.levels ?? [];
  return (
    <fieldset data-testid="rows-editor">
      <legend>分行</legend>
      <label>
        维度{' '}
        <select
          data-testid="rows-dimension"
          value={draft.rows.dimension}
          onChange={(e) => {
            const dimension = e.target.value;
            onEdit((d) => setRows(d, dimension, dimension === 'region' ? ['city', 'county'] : []));
          }}
        >
          {catalogue.dimensions.map((d) => (
            <option key={d.key} value={d.key}>
              {d.label} ({d.key})
            </option>
          ))}
        </select>
      </label>
      <FieldIssues issues={issues} path="rows.dimension" />
      {draft.rows.dimension === 'region' && (
        <div>
          显示层级:{' '}
          {REGION_LEVELS.map((l) => (
            <label key={l} style={{ marginRight: 8 }}>
              <input
                type="checkbox"
                data-testid={`level-${l}`}
                checked={levels.includes(l)}
                onChange={(e) => {
                  const on = e.target.checked;
                  onEdit((d) => toggleLevel(d, l, on));
                }}
              />
              {LEVEL_LABELS[l]}
            </label>
          ))}
        </div>
      )}
      <FieldIssues issues={issues} path="rows.levels" />
      <FieldIssues issues={issues} path="rows.members" />
    </fieldset>
  );
}
