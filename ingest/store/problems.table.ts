/**
 * The problems of one load, gathered in a temp table as they are found (field checks, records the parser
 * set aside, duplicates in the file, conflicts with stored rows) and written to meta.rejects in one
 * statement, each with its Chinese message naming row and column and the row as read (JSON, every cell as
 * text, keyed by the header as written).
 */
import { sqlIdent, sqlString, type Warehouse } from '../../warehouse/index.ts';
import { ROW_ERRORS } from '../errors.catalog.ts';
import type { BrokenRow } from '../read/source-table.types.ts';
import { rawRowJson, rawRowText } from '../validate/raw-row.sql.ts';

export class ProblemsTable {
  constructor(
    private readonly wh: Warehouse,
    readonly name: string,
  ) {}

  get ref(): string {
    return sqlIdent(this.name);
  }

  async create(): Promise<void> {
    await this.wh.run(
      `create or replace temp table ${this.ref} (
         row_no bigint, col varchar, code varchar, value varchar, detail varchar, raw_row varchar)`,
    );
  }

  /** The field problems found by the validation statement (`errs` of its bad rows). */
  async addValidationErrors(validated: string): Promise<void> {
    await this.wh.run(
      `insert into ${this.ref}
       select row_no, e.col, e.code, e.value, e.detail, raw_row
       from (select row_no, raw_row, unnest(errs) as e from ${sqlIdent(validated)} where bad)`,
    );
  }

  async addBrokenRows(rows: readonly BrokenRow[], headers: readonly string[]): Promise<void> {
    if (rows.length === 0) return;
    await this.wh.append(
      this.name,
      rows.map((r) => [r.rowNo, null, r.code, null, r.detail, rawRowText(headers, r.cells)]),
    );
  }

  /** Appends the rows of a query with the problem columns (row_no, col, code, value, detail, raw_row). */
  async addFrom(select: string): Promise<void> {
    await this.wh.run(`insert into ${this.ref} ${select}`);
  }

  async rejectedRows(): Promise<number> {
    return this.wh.value<number>(`select count(distinct row_no) from ${this.ref}`);
  }

  /**
   * Writes every problem to meta.rejects. Problems found after validation (duplicates, conflicts) come
   * without the row as read: `cells` names a view of the source's cells (row_no, c0..cN) to take it from.
   */
  async writeRejects(loadId: number, headers: readonly string[], cells: string): Promise<number> {
    const missing = await this.wh.value<number>(`select count(*) from ${this.ref} where raw_row is null`);
    if (missing > 0) {
      const view = sqlIdent(cells);
      await this.wh.run(
        `update ${this.ref} as p set raw_row = ${rawRowJson(headers, 's')}
         from ${view} as s where s.row_no = p.row_no and p.raw_row is null`,
      );
    }
    const templates = Object.entries(ROW_ERRORS)
      .map(([code, template]) => `(${sqlString(code)}, ${sqlString(template)})`)
      .join(', ');
    return this.wh.run(
      `insert into meta.rejects (load_id, row_no, column_name, error_code, message, raw_row)
       select $1, p.row_no, p.col, p.code,
         '第 ' || p.row_no || ' 行' || case when p.col is null then '' else ', 列「' || p.col || '」' end || ': ' ||
           replace(replace(coalesce(t.template, p.code), '{value}', coalesce(p.value, '')), '{detail}', coalesce(p.detail, '')),
         cast(p.raw_row as json)
       from ${this.ref} as p
       left join (values ${templates}) as t(code, template) on t.code = p.code
       order by p.row_no`,
      [loadId],
    );
  }

  async drop(): Promise<void> {
    await this.wh.run(`drop table if exists ${this.ref}`);
  }
}
