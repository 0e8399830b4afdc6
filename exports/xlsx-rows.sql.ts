/**
 * The SQL that renders each row of a sheet as one `<row>…</row>` of SpreadsheetML, so DuckDB writes the sheet
 * XML with COPY (many times faster than building rows in JavaScript: xlsx.writer.ts). The rows are read from a
 * Parquet file of the export (amounts already DECIMAL(18,2) 元, parquet.writer.ts), numbered by its
 * file_row_number.
 *
 * Cells: text as inline strings, or as an index into the workbook's shared strings (`<c t='s'><v>17</v></c>`,
 * xlsx-shared-strings.sql.ts) for the columns given a code, numbers as `<v>`: amounts as the exact decimal 元,
 * dates as Excel serial days with the date style. Only the row and its first cell carry an `r` reference (the
 * others are optional in OOXML and follow in order; some readers, exceljs among them, need the first ones). A
 * NULL (and an empty text) is an empty cell with a style, `<c s='4'/>` (xlsx-parts.xml.ts says why).
 * Attributes are single-quoted and no text contains a line break (written `&#10;`), so DuckDB's CSV writer,
 * with no quote and no escape character, puts each row out exactly as it is.
 *
 * Text is made safe in SQL: characters XML 1.0 forbids are dropped, formula-like text gets the leading
 * apostrophe of warehouse/cell-safety.ts, & < > and CR/LF become references. Most rows need none of it: one
 * regular expression over the row's inline text decides (`needsCareSql`), and only rows it flags take the slow
 * path; a sheet with no such row is rendered without the check. Shared strings were made safe once each, when
 * the string table was written.
 */
import { sqlIdent } from '../warehouse/index.ts';
import type { ExportColumn } from './export.kinds.ts';
import { STYLE } from './xlsx-parts.xml.ts';

/** Characters XML 1.0 does not allow (DuckDB's VARCHAR is valid UTF-8, so there are no lone surrogates). */
const XML_ILLEGAL = '[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x{FFFE}\\x{FFFF}]';

/**
 * A row needs the slow path if its text has anything to escape or strip (a control character other than tab,
 * & < >, U+FFFE/FFFF), or if a value might start with a formula trigger: the values are joined with `|` and
 * a trigger at the start or after a `|` is flagged (a `|` inside a value only costs a needless slow path). A
 * comma or a double quote is flagged too, though XML takes them as they are: so that a file with no flagged row
 * is also one whose CSV needs no quoting (csv.writer.ts, plain lines).
 */
const NEEDS_CARE = `[&<>",\\x00-\\x08\\x0A-\\x1F\\x{FFFE}\\x{FFFF}]|(^|\\|)[=+\\-@\\t]`;

/** The same for one value on its own (a shared string): true if it is not plain text. */
export function notPlainSql(text: string): string {
  return `regexp_matches(${text}, '[&<>",\\x00-\\x08\\x0A-\\x1F\\x{FFFE}\\x{FFFF}]|^[=+\\-@\\t]')`;
}

/**
 * Text made safe for an XML text node: illegal characters dropped, the formula guard of cell-safety.ts (as one
 * anchored replacement), & < > CR LF escaped. Each step names its input once: DuckDB hoists a subexpression
 * that occurs twice into a projection below the CASE, which would run the slow path on every row.
 */
export function xmlTextSql(text: string): string {
  const stripped = `regexp_replace(${text}, '${XML_ILLEGAL}', '', 'g')`;
  const guarded = `regexp_replace(${stripped}, '^([=+\\-@\\t\\r])', '''\\1')`;
  return `replace(replace(replace(replace(replace(${guarded}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), chr(10), '&#10;'), chr(13), '&#13;')`;
}

function quote(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** The value of a cell as text, and what its `<c>` carries, for one column. */
interface CellParts {
  value: string;
  /** the attributes of a cell with a value, and of an empty one */
  attrs: string;
  empty: string;
  text: boolean;
}

function cellParts(column: ExportColumn, ref: string, safeText: boolean, code: string | undefined): CellParts {
  if (code !== undefined) {
    return { value: `cast(${code} as varchar)`, attrs: ` t='s'`, empty: ` s='${STYLE.empty}'`, text: false };
  }
  switch (column.type) {
    case 'amount':
      return {
        value: `cast(${ref} as varchar)`,
        attrs: ` s='${STYLE.amount}'`,
        empty: ` s='${STYLE.amount}'`,
        text: false,
      };
    case 'integer':
      return { value: `cast(${ref} as varchar)`, attrs: '', empty: ` s='${STYLE.empty}'`, text: false };
    case 'date':
      return {
        value: `cast(cast(${ref} as date) - date '1899-12-30' as varchar)`,
        attrs: ` s='${STYLE.date}'`,
        empty: ` s='${STYLE.date}'`,
        text: false,
      };
    case 'text': {
      const raw = `nullif(cast(${ref} as varchar), '')`;
      return {
        value: safeText ? raw : xmlTextSql(raw),
        attrs: ` t='inlineStr'`,
        empty: ` s='${STYLE.empty}'`,
        text: true,
      };
    }
  }
}

/**
 * The index into the shared strings of each column that has one, by column name: an integer expression, NULL for
 * an empty cell.
 */
export type SharedStringCodes = ReadonlyMap<string, string>;

/** The concat() arguments of one row; `rowRef` is the sheet row number (text). */
function rowArgs(
  columns: readonly ExportColumn[],
  alias: string,
  rowRef: string,
  safeText: boolean,
  codes: SharedStringCodes,
): string[] {
  const args = [`'<row r='''`, rowRef, `'''>'`];
  columns.forEach((column, index) => {
    const ref = `${alias}.${sqlIdent(column.name)}`;
    const { value, attrs, empty, text } = cellParts(column, ref, safeText, codes.get(column.name));
    const open = text ? `${attrs}><is><t>` : `${attrs}><v>`;
    const close = text ? '</t></is></c>' : '</v></c>';
    if (index === 0) args.push(`'<c r=''A'`, rowRef, `''''`);
    const start = index === 0 ? '' : '<c';
    if (safeText) {
      // the value three times: cheap (a cast), and DuckDB computes it once
      args.push(`if(${value} is null, ${quote(`${start}${empty}/>`)}, ${quote(`${start}${open}`)})`);
      args.push(value, `if(${value} is null, '', ${quote(close)})`);
    } else {
      // the slow path names the value once (see xmlTextSql)
      args.push(`coalesce(${quote(`${start}${open}`)} || ${value} || ${quote(close)}, ${quote(`${start}${empty}/>`)})`);
    }
  });
  args.push(`'</row>'`);
  return args;
}

/** The inline text columns' values as text (the columns a row's check reads). */
function inlineTexts(columns: readonly ExportColumn[], alias: string, codes: SharedStringCodes): string[] {
  return columns
    .filter((c) => c.type === 'text' && !codes.has(c.name))
    .map((c) => `cast(${alias}.${sqlIdent(c.name)} as varchar)`);
}

/**
 * A predicate that is true for the rows of `alias` that need the slow path (their inline text has something to
 * escape, strip or guard), or undefined when the columns have no inline text. The writer asks it of a whole
 * file once (one query, grouped by sheet) and renders the sheets with no such row by the fast path alone:
 * evaluated per row inside the CASE it costs about a third of the rendering.
 */
export function needsCareSql(
  columns: readonly ExportColumn[],
  alias: string,
  codes: SharedStringCodes = new Map(),
): string | undefined {
  const texts = inlineTexts(columns, alias, codes);
  return texts.length === 0 ? undefined : `regexp_matches(concat_ws('|', ${texts.join(', ')}), '${NEEDS_CARE}')`;
}

/**
 * The select list of one column, `xml`: each row of `alias` as its XML line; `sheetRow` is the row's number in
 * its sheet (an integer expression, 2 for the first row under the header); the columns in `codes` are written
 * as shared strings. With `careful` false every row takes the fast path: only for rows known to pass
 * `needsCareSql`.
 */
export function xlsxRowSql(
  columns: readonly ExportColumn[],
  alias: string,
  sheetRow: string,
  codes: SharedStringCodes = new Map(),
  careful = true,
): string {
  const rowRef = `cast(${sheetRow} as varchar)`;
  const fast = `concat(${rowArgs(columns, alias, rowRef, true, codes).join(', ')})`;
  const check = needsCareSql(columns, alias, codes);
  if (check === undefined || !careful) return `${fast} as xml`;
  const slow = `concat(${rowArgs(columns, alias, rowRef, false, codes).join(', ')})`;
  return `case when ${check} then ${slow} else ${fast} end as xml`;
}
