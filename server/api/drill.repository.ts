/**
 * The figures of the drill-down, from marts.scope_figures (marts.allocation_progress summed per scope, budget
 * year and fund) and marts.consolidated for what came into a scope from outside. `funds` = allocated to
 * projects, plans and payments + undistributed: the money that stopped in each region (what a region passed
 * down is counted where it stopped), so the figures of a region's children and its 本级 add up to the region's
 * own. Each route reads its figures in one query: the scope's row and its children's (`scopeWithChildren`), or
 * the scope's funds (`fundRows`).
 */
import { sql } from 'kysely';
import { kyselyFor, type Warehouse } from '../../warehouse/index.ts';
import type { DrillRowsMart } from '../../warehouse/marts.types.ts';
import type { DrillRegionRow, OverviewResponse, RegionRef, ScopeFigures } from './api.types.ts';
import { scopeRows } from './region.scope.ts';

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

const total = (column: string) => sql<number>`coalesce(sum(${sql.ref(column)}), 0)::bigint`;
const greatest = (column: string) => sql<number | null>`max(${sql.ref(column)})`;

/**
 * The region `scope` (which must have passed RegionScope.region()) and its children, one row each: the figures of
 * its whole subtree (and for the scope its 本级 row, `own_*`), what it received by issuing level and its row
 * of marts.consolidated (`cons_*`), summed over the scope's funds. Read from marts.drill_rows (one drill step's
 * rows, built for this); a year it holds no rows of (one without figures) is computed from the marts it sums.
 */
async function scopeAndChildren(wh: Warehouse, scope: string, year: number): Promise<StepRow[]> {
  const step = await kyselyFor(wh)
    .selectFrom('marts.drill_rows')
    .select('api_row')
    // the step of a region in scope holds only it and its children; drill_key is the sorted integer to scan by
    .where('drill_key', '=', Number(scope))
    .where('drill_code', '=', scope)
    .where('budget_year', '=', year)
    .execute();
  if (step.length === 0) return summedStep(wh, scope, year);
  return step
    .map((r) => JSON.parse(r.api_row) as StepRow)
    .sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
}

/** One row of a drill step: a region, its figures summed over funds and its consolidated row (`cons_*`). */
type StepRow = Omit<DrillRowsMart, 'drill_key' | 'drill_code' | 'budget_year' | 'is_self' | 'api_row'>;

/** scopeAndChildren summed from marts.scope_figures and marts.consolidated (the step of a year without figures). */
async function summedStep(wh: Warehouse, scope: string, year: number): Promise<StepRow[]> {
  return (
    kyselyFor(wh)
      .selectFrom('marts.regions as r')
      .leftJoin('marts.scope_figures as sf', (j) =>
        j.onRef('sf.scope_code', '=', 'r.code').on('sf.budget_year', '=', year),
      )
      .leftJoin('marts.consolidated as cons', (j) =>
        j.onRef('cons.scope_code', '=', 'r.code').on('cons.budget_year', '=', year),
      )
      .select(['r.code', 'r.name', 'r.level', 'r.children'])
      .select([
        total('sf.funds').as('funds'),
        total('sf.allocated').as('allocated'),
        total('sf.paid').as('paid'),
        total('sf.undistributed').as('undistributed'),
        total('sf.own_funds').as('own_funds'),
        total('sf.own_allocated').as('own_allocated'),
        total('sf.own_paid').as('own_paid'),
        total('sf.own_undistributed').as('own_undistributed'),
        total('sf.received_central').as('received_central'),
        total('sf.received_province').as('received_province'),
        total('sf.received_city').as('received_city'),
        total('sf.received_county').as('received_county'),
        total('sf.received_lateral').as('received_lateral'),
        greatest('cons.sources').as('cons_sources'),
        greatest('cons.from_outside').as('cons_from_outside'),
        greatest('cons.own_arranged').as('cons_own_arranged'),
        greatest('cons.carried_in').as('cons_carried_in'),
        greatest('cons.in_transit').as('cons_in_transit'),
        greatest('cons.paid').as('cons_paid'),
        greatest('cons.available').as('cons_available'),
        greatest('cons.allocation_progress').as('cons_allocation_progress'),
        greatest('cons.spending_progress').as('cons_spending_progress'),
      ])
      // the scope's children lie below it: naming them by parent is within the scope
      .where((eb) => eb.or([scopeRows(eb, 'r.code', scope), eb('r.parent_code', '=', scope)]))
      .groupBy(['r.code', 'r.name', 'r.level', 'r.children'])
      .orderBy('r.code')
      .execute()
  );
}

type ScopeRecord = StepRow;

const n = (v: number | null | undefined): number => Number(v ?? 0);

function childRow(c: ScopeRecord): DrillRegionRow {
  return {
    ...withProgress(c),
    region: { code: c.code, name: c.name, level: c.level },
    is_own: false,
    has_children: c.children > 0,
    from_outside: n(c.cons_from_outside),
  };
}

const ownFigures = (s: ScopeRecord | undefined): ScopeFigures =>
  withProgress({
    funds: n(s?.own_funds),
    allocated: n(s?.own_allocated),
    paid: n(s?.own_paid),
    undistributed: n(s?.own_undistributed),
  });

const scopeTotals = (s: ScopeRecord | undefined): ScopeFigures =>
  withProgress({
    funds: n(s?.funds),
    allocated: n(s?.allocated),
    paid: n(s?.paid),
    undistributed: n(s?.undistributed),
  });

/** The drill of `region`: its 本级 row and one row per child (its whole subtree), and the region's total. */
export async function drillRows(
  wh: Warehouse,
  region: RegionRef,
  year: number,
): Promise<{ rows: DrillRegionRow[]; total: DrillRegionRow }> {
  const found = await scopeAndChildren(wh, region.code, year);
  const own = found.find((r) => r.code === region.code);
  const rows: DrillRegionRow[] = [
    { ...ownFigures(own), region, is_own: true, has_children: false, from_outside: 0 },
    ...found.filter((r) => r !== own).map(childRow),
  ];
  const total: DrillRegionRow = {
    ...scopeTotals(own),
    region,
    is_own: false,
    has_children: rows.length > 1,
    from_outside: n(own?.cons_from_outside),
  };
  return { rows, total };
}

/** The overview's figures of `region`: consolidated, the drill's totals, received by level, the children. */
export async function overviewFigures(
  wh: Warehouse,
  region: RegionRef,
  year: number,
): Promise<Pick<OverviewResponse, 'consolidated' | 'figures' | 'received' | 'children'>> {
  const found = await scopeAndChildren(wh, region.code, year);
  const own = found.find((r) => r.code === region.code);
  return {
    consolidated: {
      sources: n(own?.cons_sources),
      from_outside: n(own?.cons_from_outside),
      own_arranged: n(own?.cons_own_arranged),
      carried_in: n(own?.cons_carried_in),
      in_transit: n(own?.cons_in_transit),
      paid: n(own?.cons_paid),
      available: n(own?.cons_available),
      allocation_progress: own?.cons_allocation_progress ?? null,
      spending_progress: own?.cons_spending_progress ?? null,
    },
    figures: scopeTotals(own),
    received: {
      central: n(own?.received_central),
      province: n(own?.received_province),
      city: n(own?.received_city),
      county: n(own?.received_county),
      lateral: n(own?.received_lateral),
    },
    children: found.filter((r) => r !== own).map(childRow),
  };
}

/**
 * The figures of a scope per fund (as the scope's regions registered it: code and name), and their total: one
 * query, the total summed from the fund rows (integer 分, exact).
 */
export async function fundRows(wh: Warehouse, region: string, year: number) {
  const rows = await kyselyFor(wh)
    .selectFrom('marts.scope_figures as sf')
    .select([
      'sf.fund_code',
      sql<string>`coalesce(sf.fund_name, '(未登记到资金)')`.as('fund_name'),
      'sf.funds',
      'sf.allocated',
      'sf.paid',
      'sf.undistributed',
    ])
    .where('sf.budget_year', '=', year)
    .where((eb) => scopeRows(eb, 'sf.scope_code', region))
    .orderBy('sf.funds', 'desc')
    .orderBy('sf.fund_code')
    .execute();
  const sum = (k: keyof RawFigures): number => rows.reduce((s, r) => s + Number(r[k]), 0);
  return {
    total: withProgress({
      funds: sum('funds'),
      allocated: sum('allocated'),
      paid: sum('paid'),
      undistributed: sum('undistributed'),
    }),
    rows: rows.map((r) => ({ fund_code: r.fund_code, fund_name: r.fund_name, ...withProgress(r) })),
  };
}

/** The scope's 实际支付 (T08) by month of the document date. */
export async function monthlyPaid(wh: Warehouse, region: string, year: number): Promise<OverviewResponse['monthly']> {
  const rows = await kyselyFor(wh)
    .selectFrom('marts.scope_monthly_payments as m')
    .select(['m.month', 'm.paid', 'm.documents'])
    .where('m.budget_year', '=', year)
    .where((eb) => scopeRows(eb, 'm.scope_code', region))
    .orderBy('m.month')
    .execute();
  return rows.map((m) => ({ month: m.month, paid: n(m.paid), documents: n(m.documents) }));
}
