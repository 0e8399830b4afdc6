/**
 * The declarative description of an interchange file (interchange.md): one `EntitySpec` per entity, from
 * which header mapping, the set-based validation SQL and the store step are all generated.
 */
import type { RowErrorCode } from './errors.catalog.ts';

export const ENTITY_NAMES = [
  'regions',
  'region-changes',
  'funds',
  'indicators',
  'projects',
  'beneficiaries',
  'payments',
  'accounts',
  'officials',
] as const;

export type EntityName = (typeof ENTITY_NAMES)[number];

export type ColumnType =
  /** free text */
  | { kind: 'text' }
  /** a region's own code: 6, 9 or 12 digits (2 and 4 digit statistical codes are right-padded to 6) */
  | { kind: 'region-code' }
  /** a reference to a region that must exist in raw.regions */
  | { kind: 'region' }
  /** a reference to an accepted document in ledger.documents */
  | { kind: 'document' }
  | { kind: 'int' }
  /**
   * 元 with at most two decimals, thousands separators in groups of three; stored as integer 分. Negative
   * amounts are rejected unless `signed` (then the entity's rules decide).
   */
  | { kind: 'money'; signed?: boolean }
  /** a decimal share between 0 and 1 */
  | { kind: 'share' }
  | { kind: 'date' }
  | { kind: 'month' }
  /** Y/N, 是/否, 1/0, true/false; `fallback` when the cell is empty */
  | { kind: 'flag'; fallback: boolean }
  /** accepted spelling (matched case-insensitively) → stored value */
  | { kind: 'enum'; values: Readonly<Record<string, string>> }
  /** the history file's 新代码: `code[year];code…` */
  | { kind: 'successors' };

export interface ColumnSpec {
  /** English key: the raw.* column (or the stage column for indicators) */
  key: string;
  /** 中文表头 */
  zh: string;
  type: ColumnType;
  /** the header must have it and every row must fill it */
  required?: boolean;
  /** other header spellings that name this column (special layouts of the same entity) */
  aliases?: readonly string[];
  /** keep the cell as written in `extra` too (layout columns that have no raw.* column of their own) */
  keepInExtra?: boolean;
}

/** A check across columns, written against the typed values (columns named by key). */
export interface RowRule {
  code: RowErrorCode;
  /** the column the problem is reported on */
  column: string;
  /** SQL condition over typed values; true = the row has this problem */
  when: string;
  /** SQL text for `{detail}` */
  detail?: string;
}

export interface EntitySpec {
  entity: EntityName;
  zh: string;
  columns: readonly ColumnSpec[];
  /** natural key (idempotency) */
  key: readonly string[];
  /** where accepted rows go; indicators go to the ledger engine instead */
  target: `raw.${string}` | 'ledger';
  /**
   * Same key, different content: 'replace' master data (the old row is kept in meta.replaced_rows) or
   * 'reject' (E_CONFLICT_EXISTING).
   */
  onChange: 'replace' | 'reject';
  rules?: readonly RowRule[];
  /**
   * With onChange 'replace': when this SQL condition over the new row `n` and the stored row `o` holds, the
   * change is rejected instead (funds: one designation per fund, ledger.md rule 4).
   */
  changeRejectedWhen?: { code: RowErrorCode; column: string; when: string; detail: string };
  /** layout name recorded in meta.loads (special region layouts override it) */
  layout?: string;
}
