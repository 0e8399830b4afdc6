/** The form view of the template YAML: id and title, rows, the columns in order, adding columns. */
import { setMeta, type DraftEdit, type PathIssue, type TemplateDraft } from './template-draft.editor.ts';
import type { Catalogue } from './filter-values.probe.ts';
import { AddColumnForm } from './AddColumnForm.tsx';
import { ColumnEditor } from './ColumnEditor.tsx';
import { FieldIssues } from './FieldIssues.tsx';
import { RowsEditor } from './RowsEditor.tsx';

interface Props {
  draft: TemplateDraft;
  catalogue: Catalogue;
  issues: readonly PathIssue[];
  region: string;
  year: number;
  onEdit: (edit: DraftEdit) => void;
}

export function DesignerForm({ draft, catalogue, issues, region, year, onEdit }: Props) {
  return (
    <div data-testid="designer-form">
      <fieldset>
        <legend>模板</legend>
        <label>
          编号{' '}
          <input
            data-testid="template-id"
            value={draft.id}
            size={24}
            onChange={(e) => {
              const id = e.target.value;
              onEdit((d) => setMeta(d, { id }));
            }}
          />
        </label>{' '}
        <label>
          标题{' '}
          <input
            data-testid="template-title"
            value={draft.title}
            size={28}
            onChange={(e) => {
              const title = e.target.value;
              onEdit((d) => setMeta(d, { title }));
            }}
          />
        </label>
        <div>
          <FieldIssues issues={issues} path="id" />
          <FieldIssues issues={issues} path="title" />
        </div>
      </fieldset>
      <RowsEditor draft={draft} catalogue={catalogue} issues={issues} onEdit={onEdit} />
      <fieldset>
        <legend>列 (按顺序)</legend>
        <ol start={0} style={{ paddingLeft: 24 }}>
          {draft.columns.map((c, i) => (
            <ColumnEditor
              key={i}
              index={i}
              count={draft.columns.length}
              column={c}
              catalogue={catalogue}
              issues={issues}
              region={region}
              year={year}
              onEdit={onEdit}
            />
          ))}
        </ol>
        <FieldIssues issues={issues} path="filters" />
        <AddColumnForm draft={draft} catalogue={catalogue} onEdit={onEdit} />
      </fieldset>
    </div>
  );
}
