/**
 * The region scope of a signed-in user: the user's region and everything below it (marts.region_closure).
 * Every region code a request names goes through `region()`, and every query over rows of many regions takes
 * `below()` (or, on a mart rolled up per scope, `scopeRows()`) — the scope is enforced where queries are built,
 * not in the page.
 */
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import { kyselyFor, type Database, type Warehouse } from '../../warehouse/index.ts';
import type { RegionRef, SessionUser } from './api.types.ts';
import { forbidden, notFoundError } from '../http-errors.ts';

/**
 * Region lookups of scopes, remembered: the region tree changes only when regions are ingested, which another
 * process cannot do while the server holds the warehouse; a POST empties it with the response cache anyway.
 */
const remembered = new Map<string, RegionRef | 'forbidden' | 'missing' | RegionRef[]>();

/**
 * Regions whose scope is the whole region tree: a top region that every region of marts.regions lies below
 * (中央 in the demo). Its scope is everything, so `below()` filters nothing instead of joining the closure (about
 * a third of a drill query's time for a national user).
 */
const wholeTree = new Set<string>();

export function forgetRegions(): void {
  remembered.clear();
  wholeTree.clear();
}

/** Whether every region lies below `code` (known once `code` passed RegionScope.region()). */
export function isWholeTree(code: string): boolean {
  return wholeTree.has(code);
}

export class RegionScope {
  constructor(
    private readonly db: Warehouse,
    readonly user: SessionUser,
  ) {}

  get root(): string {
    return this.user.region_code;
  }

  /**
   * The scope, its own region looked up (and remembered): what `below()` needs to know before queries are built.
   * A user whose region is gone gets the error of the route's first `region()` instead.
   */
  async ready(): Promise<this> {
    try {
      await this.region();
    } catch {
      // the route's own region() call reports it
    }
    return this;
  }

  /** The region `code` (default: the user's own) if it lies in the scope; 404 if unknown, 403 if outside. */
  async region(code: string = this.root): Promise<RegionRef> {
    const key = `${this.root}|${code}`;
    let found = remembered.get(key) as RegionRef | 'forbidden' | 'missing' | undefined;
    if (found === undefined) {
      found = await this.lookup(code);
      if (remembered.size > 50_000) remembered.clear();
      remembered.set(key, found);
    }
    if (found === 'missing') throw notFoundError(`区划 ${code} 不存在`);
    if (found === 'forbidden') throw forbidden(`无权查看区划 ${code}: 只能查看本区划 ${this.root} 及下级`);
    return found;
  }

  private async lookup(code: string): Promise<RegionRef | 'forbidden' | 'missing'> {
    const row = await kyselyFor(this.db)
      .selectFrom('marts.regions as r')
      .leftJoin('marts.region_closure as c', (j) =>
        j.onRef('c.code', '=', 'r.code').on('c.ancestor_code', '=', this.root),
      )
      .select(['r.code', 'r.name', 'r.level', 'c.depth'])
      .select(
        sql<boolean>`r.parent_code is null and (select count(*) from marts.region_closure as w where w.ancestor_code = r.code) = (select count(*) from marts.regions)`.as(
          'whole_tree',
        ),
      )
      .where('r.code', '=', code)
      .executeTakeFirst();
    if (!row) return 'missing';
    if (row.depth === null) return 'forbidden';
    if (row.whole_tree) wholeTree.add(row.code);
    return { code: row.code, name: row.name, level: row.level };
  }

  /** Whether `code` lies in the scope (no error): for rows that name a region as one of several. */
  async contains(code: string | null): Promise<boolean> {
    if (code === null) return false;
    const row = await kyselyFor(this.db)
      .selectFrom('marts.region_closure')
      .select('depth')
      .where('ancestor_code', '=', this.root)
      .where('code', '=', code)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Breadcrumbs: the regions from the user's own region down to `code` (which must be in scope). */
  async path(code: string): Promise<RegionRef[]> {
    const key = `path|${this.root}|${code}`;
    const known = remembered.get(key);
    if (Array.isArray(known)) return known;
    const path = await kyselyFor(this.db)
      .selectFrom('marts.region_closure as up')
      .innerJoin('marts.region_closure as mine', (j) =>
        j.onRef('mine.code', '=', 'up.ancestor_code').on('mine.ancestor_code', '=', this.root),
      )
      .innerJoin('marts.regions as r', 'r.code', 'up.ancestor_code')
      .select(['r.code', 'r.name', 'r.level'])
      .where('up.code', '=', code)
      .orderBy('up.depth', 'desc')
      .execute();
    remembered.set(key, path);
    return path;
  }
}

/**
 * `column in (regions below ancestor)`: the filter of every multi-region query. `ancestor` must itself have
 * passed RegionScope.region() (which also says whether it is the top of the whole tree: then every row, without
 * the closure).
 */
export function below<DB extends Database, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: Parameters<ExpressionBuilder<DB, TB>['ref']>[0],
  ancestor: string,
): Expression<SqlBool> {
  // every region lies below it: its scope is every row (also one whose region is missing, which only the top of
  // the tree sees); no filter at all, since even `is not null` beside a village's constant spoils the scan's pruning
  if (wholeTree.has(ancestor)) return sql<SqlBool>`true`;
  const sub = (eb as unknown as ExpressionBuilder<Database, never>)
    .selectFrom('marts.region_closure')
    .select('marts.region_closure.code')
    .where('marts.region_closure.ancestor_code', '=', ancestor);
  return eb(eb.ref(column), 'in', sub as never);
}

/**
 * `column = ancestor` on a mart rolled up per scope (marts.scope_figures, marts.scope_monthly_payments): the rows
 * of scope R already hold only R and what lies below it (summed over marts.region_closure when the mart was
 * built), so reading R's rows is the scope filter. `ancestor` must itself have passed RegionScope.region().
 */
export function scopeRows<DB extends Database, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: Parameters<ExpressionBuilder<DB, TB>['ref']>[0],
  ancestor: string,
): Expression<SqlBool> {
  return eb(eb.ref(column), '=', ancestor as never);
}
