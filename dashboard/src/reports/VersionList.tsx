/** The saved versions of the template being edited (every save is a new version; nothing is overwritten). */
import type { TemplateVersion } from '../../../server/api/reports.types.ts';

export function VersionList({ id, saved }: { id: string; saved: readonly TemplateVersion[] }) {
  const versions = saved.filter((v) => v.template_id === id);
  return (
    <div data-testid="designer-versions">
      <h4>已保存版本 ({id || '未命名'})</h4>
      {versions.length === 0 ? (
        <p className="muted">尚未保存</p>
      ) : (
        <ul>
          {versions.map((v) => (
            <li key={v.version} data-version={v.version}>
              第 {v.version} 版 · {v.title} · {v.saved_by} · {v.saved_at}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
