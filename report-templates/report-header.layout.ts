/**
 * Multi-row headers: each column's header path (top row first) laid out on a grid with merges. Adjacent
 * columns whose paths share a group cell at a row merge across; a path shorter than the header's depth merges
 * down to the bottom row. Column 0 is the row-label column, spanning every header row.
 */
import type { HeaderCell } from './report.types.ts';

export function layoutHeader(rowLabel: string, paths: readonly string[][]): { rows: number; cells: HeaderCell[] } {
  const rows = Math.max(1, ...paths.map((p) => p.length));
  const cells: HeaderCell[] = [{ row: 0, col: 0, rowSpan: rows, colSpan: 1, text: rowLabel }];
  const sharesGroup = (a: readonly string[], b: readonly string[], r: number): boolean =>
    a.length > r + 1 && b.length > r + 1 && a.slice(0, r + 1).every((t, i) => t === b[i]);
  for (let r = 0; r < rows; r += 1) {
    let j = 0;
    while (j < paths.length) {
      const path = paths[j]!;
      if (r >= path.length) {
        j += 1;
        continue;
      }
      let end = j + 1;
      while (end < paths.length && sharesGroup(path, paths[end]!, r)) end += 1;
      const isLast = r === path.length - 1;
      cells.push({ row: r, col: j + 1, rowSpan: isLast ? rows - r : 1, colSpan: end - j, text: path[r]! });
      j = end;
    }
  }
  return { rows, cells };
}
