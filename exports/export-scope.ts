/**
 * `--region CODE` (that region and everything below it, through raw.region_closure) and `--year YYYY`
 * (budget_year) as bound parameters of an export query.
 */
import type { SqlValue } from '../warehouse/index.ts';

export interface ExportScope {
  /** a region code: that region and everything below it */
  region?: string | undefined;
  /** a budget year */
  year?: number | undefined;
}

/** A query with its bound values, its columns as export.kinds.ts lists them, amounts in integer 分. */
export interface ExportQuery {
  sql: string;
  params: SqlValue[];
}

/** Numbered parameters ($1, $2 …) so that one value can be used twice. */
export class QueryParams {
  readonly values: SqlValue[] = [];

  add(value: SqlValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `column` is in the scope region or below it. `column` is a trusted column reference of our own SQL. */
export function inRegion(column: string, regionParam: string): string {
  return `${column} in (select code from raw.region_closure where ancestor_code = ${regionParam})`;
}

/**
 * The where-clause of a scope over one table alias: the region condition is built by `regionCondition`
 * (so that interlock can accept either end of a transfer), the year applies to `<alias>.budget_year`.
 */
export function scopeConditions(
  scope: ExportScope,
  params: QueryParams,
  alias: string,
  regionCondition: (regionParam: string) => string = (p) => inRegion(`${alias}.region_code`, p),
): string {
  const conditions: string[] = [];
  if (scope.region !== undefined) conditions.push(regionCondition(params.add(scope.region)));
  if (scope.year !== undefined) conditions.push(`${alias}.budget_year = ${params.add(scope.year)}`);
  return conditions.length ? `where ${conditions.join(' and ')}` : '';
}
