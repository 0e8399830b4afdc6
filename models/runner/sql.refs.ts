/**
 * The dependencies of a model are the schema-qualified names its SQL reads (models/MODELS.md). Comments,
 * string literals and quoted identifiers are blanked first, so a name in a comment or a literal is no edge.
 */

/** Schemas that hold models (built by the runner). */
export const MODEL_SCHEMAS = ['staging', 'intermediate', 'marts'] as const;
export type ModelSchema = (typeof MODEL_SCHEMAS)[number];

/** Schemas that hold sources (tables and views of the migrations). */
export const SOURCE_SCHEMAS = ['raw', 'ledger', 'meta'] as const;

/** Replaces comments, '…' literals and "…" identifiers with spaces, keeping the text's length and lines. */
export function blankCommentsAndStrings(sql: string): string {
  let out = '';
  let i = 0;
  const blank = (s: string): string => s.replace(/[^\n]/g, ' ');
  while (i < sql.length) {
    const two = sql.slice(i, i + 2);
    if (two === '--') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += blank(sql.slice(i, stop));
      i = stop;
    } else if (two === '/*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += blank(sql.slice(i, stop));
      i = stop;
    } else if (sql[i] === "'" || sql[i] === '"') {
      const quote = sql[i];
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === quote) {
          if (sql[j + 1] === quote) j += 2;
          else break;
        } else j += 1;
      }
      out += blank(sql.slice(i, j + 1));
      i = j + 1;
    } else {
      out += sql[i];
      i += 1;
    }
  }
  return out;
}

const REF = new RegExp(
  `\\b(${[...MODEL_SCHEMAS, ...SOURCE_SCHEMAS].join('|')})\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)\\b`,
  'gi',
);

/** The distinct `schema.name` references of a SQL text, lower-cased, in order of first appearance. */
export function findRelationRefs(sql: string): string[] {
  const text = blankCommentsAndStrings(sql);
  const refs = new Set<string>();
  for (const m of text.matchAll(REF)) {
    const before = text[(m.index ?? 0) - 1];
    if (before === '.') continue; // catalog.schema.name: the schema part is matched on its own
    refs.add(`${m[1]!.toLowerCase()}.${m[2]!.toLowerCase()}`);
  }
  return [...refs];
}

export const isModelSchema = (schema: string): schema is ModelSchema =>
  (MODEL_SCHEMAS as readonly string[]).includes(schema);

/** A model's SQL without trailing semicolons, ready to wrap in `create … as`. */
export function modelBody(sql: string): string {
  return sql.trim().replace(/;+\s*$/, '');
}
