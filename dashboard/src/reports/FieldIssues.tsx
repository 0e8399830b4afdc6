/** The validation errors the server named for one path (or inside it), shown beside its field. */
import { issuesAt, type PathIssue } from './template-draft.editor.ts';

export function FieldIssues({ issues, path }: { issues: readonly PathIssue[]; path: string }) {
  const here = issuesAt(issues, path);
  if (here.length === 0) return null;
  return (
    <>
      {here.map((i) => (
        <span key={`${i.path}-${i.message}`} className="field-error" data-testid="field-issue" data-path={i.path}>
          {i.path}: {i.message}
        </span>
      ))}
    </>
  );
}
