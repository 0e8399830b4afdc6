/**
 * The problems of one load, gathered in a temp table as they are found (field checks, records the parser
 * set aside, duplicates in the file, conflicts with stored rows) and written to meta.rejects in one
 * statement, each with its Chinese message naming row and column and the row as read (JSON, every cell as
 * text, keyed by the header as written).
 */
import { sqlIdent, sqlString, type Warehouse } from '../../warehouse/index.ts';
import { ROW_ERRORS } from '../errors.catalog.ts';
import type { BrokenRow } from '../read/source-table.types.ts';

export const PROBLEM_COLUMNS = 'row_no bigint, col varchar, code varchar, value varchar, detail varchar, raw_row varchar';

/** Header names made unique for JSON keys (empty → 列N, repeats → name_2). */
export function uniqueHeaderNames(headers: readonly string[]): string[] {
  const seen = new Set<string>();
  return headers.map((h, i) => {
    const base = h === '' ? `列${i + 1}` : h;
    let name = base;
    for (let n = 2; seen.has(name); n++) name = `${base}_${n}`;
    seen.add(name);
    return name;
  });
}

/** SQL: the source row as a JSON object of its cells. */
export function rawRowJson(headers: readonly string[], alias: string): string {
  const names = uniqueHeaderNames(headers);
  if (names.length === 0) return `'{}'`;
  return `cast(json_object(${names.map((n, i) => `${sqlString(n)}, ${alias}.${sqlIdent(`c${i}`)}`).join(', ')}) as varchar)`;
}

export class ProblemsTable {
  constructor(
    private readonly wh: Warehouse,
    readonly name: string,
  ) {}

  get ref(): string {
    return sqlIdent(this.name);
  }

  async create(): Promise<void> {
    await this.wh.run(`create or replace temp table ${this.ref} (${PROBLEM_COLUMNS})`);
  }

  /** The field problems found by the validation statement (its `errs` lists). */
  async addValidationErrors(validated: string): Promise<void> {
    await this.wh.run(
      `insert into ${this.ref}
       select row_no, e.col, e.code, e.value, e.detail, null
       from (select row_no, unnest(errs) as e from ${sqlIdent(validated)} where len(errs) > 0)`,
    );
  }

  async addBrokenRows(rows: readonly BrokenRow[], headers: readonly string[]): Promise<void> {
    if (rows.length === 0) return;
    const names = uniqueHeaderNames(headers);
    await this.wh.append(
      this.name,
      rows.map((r) => {
        const cells: Record<string, string> = {};
        r.cells.forEach((cell, i) => (cells[names[i] ?? `列${i + 1}`] = cell));
        return [r.rowNo, null, r.code, null, r.detail, JSON.stringify(cells)];
      }),
    );
  }

  /** Appends the rows of a query with the problem columns. */
  async addFrom(select: string): Promise<void> {
    await this.wh.run(`insert into ${this.ref} ${select}`);
  }

  async rejectedRows(): Promise<number> {
    return this.wh.value<number>(`select count(distinct row_no) from ${this.ref}`);
  }

  /** Writes every problem to meta.rejects; raw rows come from the source view unless already given. */
  async writeRejects(loadId: number, source: string, headers: readonly string[]): Promise<number> {
    const templates = Object.entries(ROW_ERRORS)
      .map(([code, template]) => `(${sqlString(code)}, ${sqlString(template)})`)
      .join(', ');
    return this.wh.run(
      `insert into meta.rejects (load_id, row_no, column_name, error_code, message, raw_row)
       select $1, p.row_no, p.col, p.code,
         '第 ' || p.row_no || ' 行' || case when p.col is null then '' else ', 列「' || p.col || '」' end || ': ' ||
           replace(replace(coalesce(t.template, p.code), '{value}', coalesce(p.value, '')), '{detail}', coalesce(p.detail, '')),
         cast(coalesce(p.raw_row, ${rawRowJson(headers, 's')}) as json)
       from ${this.ref} as p
       left join (values ${templates}) as t(code, template) on t.code = p.code
       left join ${sqlIdent(source)} as s on s.row_no = p.row_no
       order by p.row_no`,
      [loadId],
    );
  }

  async drop(): Promise<void> {
    await this.wh.run(`drop table if exists ${this.ref}`);
  }
}
