/**
 * The standard forms shipped in report-templates/standard/*.yaml (checked at first use; a broken file is a
 * bug of ours and fails loudly with its paths).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseTemplateText, type CheckedTemplate } from './template.checker.ts';

const DIR = fileURLToPath(new URL('./standard/', import.meta.url));

/** The five forms of the brief, in their order (the other files are the cross-form pair). */
export const STANDARD_FORMS = [
  'allocation-progress',
  'spending-progress',
  'direct-payments',
  'project-implementation',
  'interlock-check',
] as const;

let cache: Map<string, { text: string; checked: CheckedTemplate }> | undefined;

export function standardTemplates(): Map<string, { text: string; checked: CheckedTemplate }> {
  if (cache) return cache;
  const found = new Map<string, { text: string; checked: CheckedTemplate }>();
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const text = readFileSync(join(DIR, file), 'utf8');
    const checked = parseTemplateText(text);
    if (`${checked.template.id}.yaml` !== file)
      throw new Error(`模板 ${file} 的 id 应为文件名: ${checked.template.id}`);
    found.set(checked.template.id, { text, checked });
  }
  cache = found;
  return found;
}

export function standardTemplate(id: string): CheckedTemplate | undefined {
  return standardTemplates().get(id)?.checked;
}
