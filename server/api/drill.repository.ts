/**
 * The figures of the drill-down, from marts.allocation_progress (per region × fund × year) summed over a
 * scope, and marts.consolidated for what came into a scope from outside. `funds` = allocated to projects,
 * plans and payments + undistributed: the money that stopped in each region (what a region passed down is
 * counted where it stopped), so the figures of a region's children and its 本级 add up to the region's own.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { kyselyFor, type Database, type Warehouse } from '../../warehouse/index.ts';
import type { DrillRegionRow, RegionRef, ScopeFigures } from './api.types.ts';
import { below } from './region.scope.ts';

type Ap = ExpressionBuilder<Database, 'marts.allocation_progress'>;

const sumOf = (expr: ReturnType<typeof sql<number>>) => sql<number>`coalesce(sum(${expr}), 0)::bigint`;

/** The additive figures over the rows of marts.allocation_progress in the query (alias `ap`). */
function figureColumns(eb: Ap) {
  const c = (name: string) => sql<number>`coalesce(${eb.ref(`marts.allocation_progress.${name}` as never)}, 0)`;
  const spent = sql<number>`(${c('own_detailed')} + ${c('planned')} + ${c('paid')})`;
  const undistributed = c('undistributed');
  return [
    sumOf(sql<number>`${spent} + ${undistributed}`).as('funds'),
    sumOf(spent).as('allocated'),
    sumOf(c('paid')).as('paid'),
    sumOf(undistributed).as('undistributed'),
  ] as const;
}

interface RawFigures {
  funds: number;
  allocated: number;
  paid: number;
  undistributed: number;
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export function withProgress(f: RawFigures): ScopeFigures {
  return {
    funds: Number(f.funds),
    allocated: Number(f.allocated),
    paid: Number(f.paid),
    undistributed: Number(f.undistributed),
    allocation_progress: ratio(Number(f.allocated), Number(f.funds)),
    spending_progress: ratio(Number(f.paid), Number(f.funds)),
  };
}

/** Σ figures over a region and everything below it (or the region alone with `ownOnly`). */
export async function scopeFigures(
  wh: Warehouse,
  region: string,
  year: number,
  ownOnly = false,
): Promise<ScopeFigures> {
  const row = await kyselyFor(wh)
    .selectFrom('marts.allocation_progress')
    .select((eb) => figureColumns(eb))
    .where('marts.allocation_progress.budget_year', '=', year)
    .where((eb) =>
      ownOnly
        ? eb('marts.allocation_progress.region_code', '=', region)
        : below(eb, 'marts.allocation_progress.region_code', region),
    )
    .executeTakeFirstOrThrow();
  return withProgress(row);
}

async function fromOutside(db: Kysely<Database>, codes: string[], year: number): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('marts.consolidated')
    .select(['scope_code', 'from_outside'])
    .where('budget_year', '=', year)
    .where('scope_code', 'in', codes)
    .execute();
  return new Map(rows.map((r) => [r.scope_code, Number(r.from_outside ?? 0)]));
}

/** The drill rows below `region`: one per child (its whole subtree) and the region's 本级 row. */
/** The drill rows below `region`: one per child (its whole subtree), and with `withOwn` the region's 本级 row. */
export async function childRows(
  wh: Warehouse,
  region: RegionRef,
  year: number,
  withOwn = true,
): Promise<DrillRegionRow[]> {
  const db = kyselyFor(wh);
  const children = await db
    .selectFrom('marts.regions as child')
    .leftJoin('marts.region_closure as cl', 'cl.ancestor_code', 'child.code')
    .leftJoin('marts.allocation_progress', (j) =>
      j
        .onRef('marts.allocation_progress.region_code', '=', 'cl.code')
        .on('marts.allocation_progress.budget_year', '=', year),
    )
    .leftJoin('marts.consolidated as cons', (j) =>
      j.onRef('cons.scope_code', '=', 'child.code').on('cons.budget_year', '=', year),
    )
    .select(['child.code', 'child.name', 'child.level', 'child.children'])
    .select((eb) => [
      ...figureColumns(eb as unknown as Ap),
      sql<number>`coalesce(max(cons.from_outside), 0)::bigint`.as('from_outside'),
    ])
    .where('child.parent_code', '=', region.code)
    .groupBy(['child.code', 'child.name', 'child.level', 'child.children'])
    .orderBy('child.code')
    .execute();
  const rows: DrillRegionRow[] = children.map((c) => ({
    ...withProgress(c),
    region: { code: c.code, name: c.name, level: c.level },
    is_own: false,
    has_children: c.children > 0,
    from_outside: Number(c.from_outside),
  }));
  if (withOwn) {
    const own = await scopeFigures(wh, region.code, year, true);
    rows.unshift({ ...own, region, is_own: true, has_children: false, from_outside: 0 });
  }
  return rows;
}

export async function totalRow(
  wh: Warehouse,
  region: RegionRef,
  year: number,
  hasChildren: boolean,
): Promise<DrillRegionRow> {
  const figures = await scopeFigures(wh, region.code, year);
  const outside = await fromOutside(kyselyFor(wh), [region.code], year);
  return { ...figures, region, is_own: false, has_children: hasChildren, from_outside: outside.get(region.code) ?? 0 };
}

/** The figures of a scope per fund (as each region registered it: code and name). */
export async function fundRows(wh: Warehouse, region: string, year: number) {
  const rows = await kyselyFor(wh)
    .selectFrom('marts.allocation_progress')
    .select(['marts.allocation_progress.fund_code'])
    .select((eb) => [
      sql<string>`coalesce(max(${eb.ref('marts.allocation_progress.fund_name')}), '(未登记到资金)')`.as('fund_name'),
      ...figureColumns(eb),
    ])
    .where('marts.allocation_progress.budget_year', '=', year)
    .where((eb) => below(eb, 'marts.allocation_progress.region_code', region))
    .groupBy('marts.allocation_progress.fund_code')
    .orderBy(sql`funds`, 'desc')
    .execute();
  return rows.map((r) => ({ fund_code: r.fund_code, fund_name: r.fund_name, ...withProgress(r) }));
}
