/**
 * The YAML text is the designer's source of truth: the form reads it into a draft (the `yaml` package, as the
 * server does) and writes the edited draft back with a column, a fixed cell and a
 * list of names on one line each — keeping the comment lines at the top of the file.
 */
import { Document, isCollection, isScalar, isSeq, parse, visit } from 'yaml';
import { asDraft, type TemplateDraft } from './template-draft.editor.ts';

export type ReadDraft = { draft: TemplateDraft; problem: null } | { draft: null; problem: string };

export function readDraft(text: string): ReadDraft {
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    return { draft: null, problem: `YAML 语法错误, 表单暂不可用: ${e instanceof Error ? e.message : String(e)}` };
  }
  const draft = asDraft(value);
  return typeof draft === 'string' ? { draft: null, problem: draft } : { draft, problem: null };
}

/** The comment block the file starts with (the standard forms explain themselves there). */
function leadingComments(text: string): string {
  const lines = text.split('\n');
  const end = lines.findIndex((l) => !/^\s*(#.*)?$/.test(l));
  return (end < 0 ? lines : lines.slice(0, end))
    .filter((l) => l.trim() !== '')
    .map((l) => `${l}\n`)
    .join('');
}

const ONE_LINE = ['columns', 'fixed'];

export function writeDraft(previous: string, draft: TemplateDraft): string {
  const doc = new Document(draft);
  visit(doc, {
    Seq(_, node) {
      if (node.items.every(isScalar)) node.flow = true;
    },
  });
  for (const key of ONE_LINE) {
    const list = doc.get(key, true);
    if (isSeq(list)) for (const item of list.items) if (isCollection(item)) item.flow = true;
  }
  return leadingComments(previous) + doc.toString({ lineWidth: 0, flowCollectionPadding: false, singleQuote: true });
}

/** Applies one form operation to the text (unchanged when the text cannot be read as a draft). */
export function editText(text: string, edit: (draft: TemplateDraft) => TemplateDraft): string {
  const read = readDraft(text);
  return read.draft ? writeDraft(text, edit(read.draft)) : text;
}
