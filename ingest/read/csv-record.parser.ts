/**
 * A small RFC 4180 record parser for the two places where ingest reads CSV text itself: the header line
 * (DuckDB renames duplicate or empty header cells, we need them as written) and the raw line of a row that
 * DuckDB rejected (so the rejection report can show its cells). Bulk parsing is DuckDB's job.
 */

export interface ParsedRecord {
  cells: string[];
  /** characters consumed, including the record's line break */
  length: number;
  /** false when the text ended inside a quoted cell */
  complete: boolean;
}

/** Parses the first record of `text` (which must not start with a BOM). */
export function parseFirstRecord(text: string, delimiter = ','): ParsedRecord {
  const cells: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  let atCellStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
      i++;
      continue;
    }
    if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      atCellStart = true;
      i++;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      cells.push(cell);
      const length = i + (ch === '\r' && text[i + 1] === '\n' ? 2 : 1);
      return { cells, length, complete: true };
    }
    cell += ch;
    atCellStart = false;
    i++;
  }
  cells.push(cell);
  return { cells, length: text.length, complete: !quoted };
}

/** Picks the delimiter of a header line: the most frequent of , ; tab | outside quotes (comma on a tie). */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    ['\t', 0],
    [';', 0],
    ['|', 0],
  ]);
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}
