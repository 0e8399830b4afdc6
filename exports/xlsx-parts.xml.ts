/**
 * The small parts of an XLSX workbook written by xlsx.writer.ts, and each sheet's XML before and after its rows
 * (the rows themselves come from DuckDB, xlsx-rows.sql.ts). Four cell styles, by index: 0 plain, 1 the bold
 * header, 2 amounts '#,##0.00' (built-in format 4), 3 dates 'yyyy-mm-dd'. The header row is frozen, as the
 * exceljs writer did before, so sheets look the same to the people who open them; 4 plain again, for empty cells
 * (exceljs skips a `<c/>` with neither a value nor a style other than 0, which would shift the cells after it).
 */
import type { ExportColumn } from './export.kinds.ts';

export const STYLE = { header: 1, amount: 2, date: 3, empty: 4 } as const;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** Text as XML character data or an attribute value (either quote). */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Excel's rules for a sheet name: at most 31 characters, none of `[ ] : * ? / \`. */
export function sheetNameOf(base: string, index: number): string {
  const suffix = index === 1 ? '' : `_${index}`;
  const clean = base.replace(/[[\]:*?/\\]/g, '_').slice(0, 31 - suffix.length) || 'Sheet';
  return `${clean}${suffix}`;
}

export function sheetPath(index: number): string {
  return `xl/worksheets/sheet${index}.xml`;
}

export const SHARED_STRINGS_PATH = 'xl/sharedStrings.xml';

/** The parts of a workbook of `sheets` sheets, with the shared-string table when it has one. */
export function contentTypesXml(sheets: number, sharedStrings = false): string {
  const overrides = Array.from(
    { length: sheets },
    (_, i) => `<Override PartName="/${sheetPath(i + 1)}" ContentType="${CT}.worksheet+xml"/>`,
  ).join('');
  const sst = sharedStrings
    ? `<Override PartName="/${SHARED_STRINGS_PATH}" ContentType="${CT}.sharedStrings+xml"/>`
    : '';
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
    `${overrides}${sst}</Types>`
  );
}

export function rootRelsXml(): string {
  return (
    `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
    `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
  );
}

export function workbookXml(names: readonly string[]): string {
  const sheets = names.map((n, i) => `<sheet name="${xmlEscape(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`);
  return (
    `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `<bookViews><workbookView/></bookViews><sheets>${sheets.join('')}</sheets></workbook>`
  );
}

export function workbookRelsXml(sheets: number, sharedStrings = false): string {
  const rels = Array.from(
    { length: sheets },
    (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  rels.push(`<Relationship Id="rId${sheets + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`);
  if (sharedStrings) {
    rels.push(`<Relationship Id="rId${sheets + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`);
  }
  return `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${rels.join('')}</Relationships>`;
}

export function stylesXml(): string {
  const font = (bold: boolean) =>
    `<font>${bold ? '<b/>' : ''}<sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/></font>`;
  const xf = (numFmt: number, fontId: number) =>
    `<xf numFmtId="${numFmt}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"` +
    `${numFmt ? ' applyNumberFormat="1"' : ''}${fontId ? ' applyFont="1"' : ''}/>`;
  return (
    `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>' +
    `<fonts count="2">${font(false)}${font(true)}</fonts>` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="5">${xf(0, 0)}${xf(0, 1)}${xf(4, 0)}${xf(164, 0)}${xf(0, 0)}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>'
  );
}

function columnWidth(column: ExportColumn): number {
  if (column.type === 'amount') return 18;
  if (column.type === 'date') return 12;
  if (column.name === 'hash') return 66;
  return Math.max(10, column.name.length + 2);
}

/** A sheet up to and including its header row: frozen header, column widths, bold header names. */
export function sheetPrologue(columns: readonly ExportColumn[]): string {
  const cols = columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${columnWidth(c)}" customWidth="1"/>`)
    .join('');
  const header = columns
    .map(
      (c, i) =>
        `<c${i === 0 ? ' r="A1"' : ''} s="${STYLE.header}" t="inlineStr"><is><t>${xmlEscape(c.name)}</t></is></c>`,
    )
    .join('');
  return (
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    '<sheetViews><sheetView workbookViewId="0">' +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>' +
    '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${cols}</cols><sheetData>\n<row r="1">${header}</row>\n`
  );
}

export const SHEET_EPILOGUE = '</sheetData></worksheet>';

/** The shared-string table before its `<si>` items (xlsx-shared-strings.sql.ts renders them), and after. */
export function sharedStringsPrologue(count: number): string {
  return `${XML_HEAD}<sst xmlns="${MAIN_NS}" uniqueCount="${count}">\n`;
}

export const SHARED_STRINGS_EPILOGUE = '</sst>';
