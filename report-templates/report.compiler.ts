/**
 * Compiles a checked template into one grouped query per fact it reads. What reaches SQL:
 * - identifiers: only the catalogue's own table and column names (facts.catalogue.ts), each re-checked against
 *   a strict pattern here, and column keys (checked by the template schema) as aliases through `sql.id`;
 * - everything else — the year, the region, filter values, account codes, source types — as bound values.
 * No text of a template (headers, formulas, labels) is ever part of the SQL.
 */
import { sql, type CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../warehouse/index.ts';
import type { CheckedTemplate } from './template.checker.ts';
import { isMeasureColumn, type Filters } from './template.schema.ts';
import type { FactDef, MeasureExpr, MeasureWhere, ResolvedMeasure } from './catalogue/facts.catalogue.ts';

const TABLE = /^marts\.[a-z_]+$/;
const COLUMN = /^([fp]\.)?[a-z_]+$/;

/** A catalogue column as a checked reference (`f.` unless it names the join's alias). */
function col(name: string): RawBuilder<unknown> {
  if (!COLUMN.test(name)) throw new Error(`目录中的列名不合规: ${name}`);
  return sql.ref(name.includes('.') ? name : `f.${name}`);
}

function table(name: string): RawBuilder<unknown> {
  if (!TABLE.test(name)) throw new Error(`目录中的表名不合规: ${name}`);
  return sql.table(name);
}

const inList = (expr: RawBuilder<unknown>, values: readonly string[]): RawBuilder<unknown> =>
  sql`${expr} in (${sql.join(values.map((v) => sql.val(v)))})`;

export interface CompileParams {
  /** the report's region: must already be in the user's scope (RegionScope.region) */
  region: string;
  year: number;
}

export interface FactQuery {
  fact: string;
  /** column keys whose values this query returns (as `c_<key>`), with the measure each reads */
  columns: { key: string; measure: ResolvedMeasure }[];
  compiled: CompiledQuery<Record<string, unknown>>;
}

/** The SQL expression giving a fact row's position on a dimension (row key, text). */
function dimensionExpr(fact: FactDef, dimension: string): RawBuilder<unknown> {
  if (dimension === 'region') return col(fact.region);
  if (dimension === 'subject') return sql`${col('account_code')} || '|' || coalesce(${col('source_type')}, '')`;
  const column = fact.dimensions[dimension as keyof FactDef['dimensions']];
  if (!column) throw new Error(`数据集不支持维度 ${dimension}`);
  return sql`coalesce(cast(${col(column)} as varchar), '')`;
}

function filterConditions(fact: FactDef, filters: Filters | undefined): RawBuilder<unknown>[] {
  return Object.entries(filters ?? {}).map(([dimension, values]) => inList(dimensionExpr(fact, dimension), values));
}

const all = (conds: RawBuilder<unknown>[]): RawBuilder<unknown> =>
  conds.length === 0 ? sql`true` : sql.join(conds, sql` and `);

function ledgerValue(expr: Extract<MeasureExpr, { agg: 'ledger' }>): RawBuilder<unknown> {
  const prefix = expr.part === 'all' ? '' : `${expr.part}_`;
  const debit = sql`coalesce(${col(`${prefix}debit`)}, 0)`;
  const credit = sql`coalesce(${col(`${prefix}credit`)}, 0)`;
  if (expr.side === 'debit') return debit;
  if (expr.side === 'credit') return credit;
  return sql`case when ${col('account_code')} = ${sql.val('4001')} then ${credit} - ${debit} else ${debit} - ${credit} end`;
}

function whereSql(where: MeasureWhere | undefined): RawBuilder<unknown>[] {
  if (!where) return [];
  const op = where.op === '>' ? sql`>` : sql`=`;
  return [sql`${col(where.column)} ${op} ${sql.val(where.value)}`];
}

function measureSql(expr: MeasureExpr, conds: RawBuilder<unknown>[]): RawBuilder<unknown> {
  switch (expr.agg) {
    case 'sum':
      return sql`coalesce(sum(${col(expr.column)}) filter (where ${all([...whereSql(expr.where), ...conds])}), 0)::bigint`;
    case 'ledger': {
      const own = [inList(col('account_code'), expr.accounts)];
      if (expr.source_types) own.push(inList(col('source_type'), expr.source_types));
      return sql`coalesce(sum(${ledgerValue(expr)}) filter (where ${all([...own, ...conds])}), 0)::bigint`;
    }
    case 'count_distinct': {
      return sql`count(distinct ${col(expr.column)}) filter (where ${all([...whereSql(expr.where), ...conds])})::bigint`;
    }
  }
}

/** One grouped query per fact: `row_key` and one `c_<column key>` per column the fact serves. */
export function compileTemplate(k: Kysely<Database>, checked: CheckedTemplate, params: CompileParams): FactQuery[] {
  const { template } = checked;
  const byFact = new Map<string, { key: string; measure: ResolvedMeasure }[]>();
  for (const [key, measure] of checked.measures) {
    const list = byFact.get(measure.fact) ?? [];
    list.push({ key, measure });
    byFact.set(measure.fact, list);
  }
  const columnFilters = new Map(template.columns.filter(isMeasureColumn).map((c) => [c.key, c.filters] as const));
  const queries: FactQuery[] = [];
  for (const [fact, columns] of byFact) {
    const def = columns[0]!.measure.factDef;
    const join = def.from.join;
    const from = join
      ? sql`${table(def.from.table)} as f left join ${table(join.table)} as ${sql.id(join.alias)} on ${col(`${join.alias}.${join.on[1]}`)} = ${col(join.on[0])}`
      : sql`${table(def.from.table)} as f`;
    const selects = columns.map(
      (c) =>
        sql`${measureSql(c.measure.def.expr, filterConditions(def, columnFilters.get(c.key)))} as ${sql.id(`c_${c.key}`)}`,
    );
    const where = [
      sql`${col(def.year)} = ${sql.val(params.year)}`,
      sql`${col(def.region)} in (select code from marts.region_closure where ancestor_code = ${sql.val(params.region)})`,
      ...filterConditions(def, template.filters),
    ];
    const query = sql<
      Record<string, unknown>
    >`select ${dimensionExpr(def, template.rows.dimension)} as row_key, ${sql.join(selects)}
      from ${from}
      where ${all(where)}
      group by all`;
    queries.push({ fact, columns, compiled: query.compile(k) });
  }
  return queries;
}
