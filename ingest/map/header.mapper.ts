/**
 * Step 2: the file's header → the entity's columns. A header cell names a column by its English key
 * (case-insensitive), its Chinese header or an alias, in any order, trimmed. Unknown columns are kept as
 * pass-through text in `extra`. A missing required column, or two header cells naming the same column,
 * refuse the file.
 */
import { UserError } from '../../warehouse/index.ts';
import type { ColumnSpec, EntitySpec } from '../entity-spec.types.ts';
import { fileMessage } from '../errors.catalog.ts';

export interface MappedColumn {
  spec: ColumnSpec;
  /** position in the file (c<index>), null when the file lacks this optional column */
  index: number | null;
  /** the header as written in the file (the Chinese header when absent) */
  header: string;
}

export interface ExtraColumn {
  index: number;
  /** key in `extra`: the header as written; 列N for an empty header; name_2… for repeats */
  name: string;
}

export interface HeaderMapping {
  columns: MappedColumn[];
  extras: ExtraColumn[];
}

export const normalizeHeader = (h: string): string =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

export function mapHeaders(spec: EntitySpec, headers: readonly string[]): HeaderMapping {
  const byName = new Map<string, ColumnSpec>();
  for (const c of spec.columns) {
    for (const name of [c.key, c.zh, ...(c.aliases ?? [])]) byName.set(normalizeHeader(name), c);
  }
  const found = new Map<string, { index: number; header: string }>();
  const extras: ExtraColumn[] = [];
  const extraNames = new Set<string>();
  const duplicates: string[] = [];
  headers.forEach((raw, index) => {
    const header = raw.replace(/^\uFEFF/, '').trim();
    const column = byName.get(normalizeHeader(header));
    if (column) {
      const prior = found.get(column.key);
      if (prior) duplicates.push(`列「${prior.header}」和「${header}」都对应 ${column.zh} (${column.key})`);
      else found.set(column.key, { index, header });
      return;
    }
    let name = header === '' ? `列${index + 1}` : header;
    for (let n = 2; extraNames.has(name); n++) name = `${header || `列${index + 1}`}_${n}`;
    extraNames.add(name);
    extras.push({ index, name });
  });
  if (duplicates.length) {
    throw new UserError('E_DUPLICATE_COLUMN', fileMessage('E_DUPLICATE_COLUMN', duplicates.join('; ')));
  }
  const missing = spec.columns.filter((c) => c.required && !found.has(c.key));
  if (missing.length) {
    throw new UserError(
      'E_MISSING_COLUMN',
      fileMessage('E_MISSING_COLUMN', missing.map((c) => `${c.zh} (${c.key})`).join('、')),
    );
  }
  return {
    columns: spec.columns.map((c) => {
      const f = found.get(c.key);
      return { spec: c, index: f?.index ?? null, header: f?.header ?? c.zh };
    }),
    extras,
  };
}
