/**
 * Saved templates (reports.templates): every save is a new version, nothing is overwritten; a standard form's
 * id cannot be taken. The text is stored as written and checked on every save and every load.
 */
import { UserError, type Warehouse } from '../warehouse/index.ts';
import { parseTemplateText, type CheckedTemplate } from './template.checker.ts';
import { standardTemplates } from './standard.templates.ts';

export type TemplateVersion = {
  template_id: string;
  version: number;
  title: string;
  saved_by: string;
  saved_at: string;
};

export interface LoadedTemplate {
  checked: CheckedTemplate;
  text: string;
  /** null: a standard form */
  version: number | null;
}

export async function saveTemplate(db: Warehouse, text: string, actor: string): Promise<TemplateVersion> {
  const checked = parseTemplateText(text);
  const id = checked.template.id;
  if (standardTemplates().has(id)) throw new UserError('TEMPLATE_STANDARD', `模板编号 ${id} 是标准报表, 请另取编号`);
  const version =
    (await db.value<number>(`select coalesce(max(version), 0) + 1 from reports.templates where template_id = $1`, [
      id,
    ])) ?? 1;
  await db.run(`insert into reports.templates values ($1, $2, $3, $4, $5, now()::timestamp)`, [
    id,
    version,
    checked.template.title,
    text,
    actor,
  ]);
  return (await listTemplateVersions(db, id)).find((v) => v.version === version)!;
}

export async function listTemplateVersions(db: Warehouse, id?: string): Promise<TemplateVersion[]> {
  return db.all<TemplateVersion>(
    `select template_id, version, title, saved_by, strftime(saved_at, '%Y-%m-%d %H:%M:%S') as saved_at
     from reports.templates ${id ? 'where template_id = $1' : ''} order by template_id, version desc`,
    id ? [id] : [],
  );
}

/** A standard form, or a saved template (its latest version unless one is named). */
export async function loadTemplate(db: Warehouse, id: string, version?: number): Promise<LoadedTemplate> {
  const standard = standardTemplates().get(id);
  if (standard) return { checked: standard.checked, text: standard.text, version: null };
  const row = await db.one<{ body: string; version: number }>(
    `select body, version from reports.templates where template_id = $1 ${version ? 'and version = $2' : ''}
     order by version desc limit 1`,
    version ? [id, version] : [id],
  );
  if (!row) throw new UserError('TEMPLATE_NOT_FOUND', `报表模板 ${id}${version ? ` 第 ${version} 版` : ''} 不存在`);
  return { checked: parseTemplateText(row.body), text: row.body, version: row.version };
}
