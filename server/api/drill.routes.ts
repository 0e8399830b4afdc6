/** Years, overview, the region drill-down, funds per scope and the Sankey of the flow. */
import { sql } from 'kysely';
import { z } from 'zod';
import { kyselyFor, type Warehouse } from '../../warehouse/index.ts';
import { anyRoute, route } from './route.registry.ts';
import { RegionParam, Year, YearRegion } from './query.params.ts';
import { below } from './region.scope.ts';
import { drillRows, fundRows, monthlyPaid, overviewFigures } from './drill.repository.ts';
import { buildSankey } from './sankey.options.ts';
import type {
  OverviewResponse,
  RegionChildrenResponse,
  RegionFundsResponse,
  SankeyResponse,
  YearsResponse,
} from './api.types.ts';
import { openAlertCounts } from './alerts.bridge.ts';

export async function years(wh: Warehouse): Promise<YearsResponse> {
  const db = kyselyFor(wh);
  const rows = await db
    .selectFrom('marts.consolidated')
    .select('budget_year')
    .distinct()
    .orderBy('budget_year')
    .execute();
  const asOf = await db.selectFrom('meta.model_vars').select('value').where('name', '=', 'as_of').executeTakeFirst();
  const list = rows.map((r) => r.budget_year);
  const asOfYear = asOf?.value ? Number(asOf.value.slice(0, 4)) : undefined;
  const current = list.includes(asOfYear ?? NaN) ? asOfYear! : (list.at(-1) ?? new Date().getUTCFullYear());
  return { years: list, current, as_of: asOf?.value ?? null };
}

const yearOr = async (wh: Warehouse, year: number | undefined): Promise<number> => year ?? (await years(wh)).current;

const YearOnly = z.object({ year: Year.optional() });

export const drillRoutes = [
  anyRoute(
    route({
      method: 'get',
      path: '/years',
      cache: true,
      summary: '有数据的预算年度',
      tag: 'drill',
      response: 'YearsResponse',
      handler: ({ db }) => years(db),
    }),
  ),
  anyRoute(
    route<Record<string, never>, z.infer<typeof YearRegion>>({
      method: 'get',
      path: '/overview',
      cache: true,
      summary: '总览: 下达、已分配、已支付、进度、下级、月度趋势、预警',
      tag: 'drill',
      query: YearRegion,
      response: 'OverviewResponse',
      handler: async ({ db, scope, query }): Promise<OverviewResponse> => {
        const region = await scope.region(query.region);
        const year = await yearOr(db, query.year);
        return {
          year,
          region,
          ...(await overviewFigures(db, region, year)),
          monthly: await monthlyPaid(db, region.code, year),
          alerts: await openAlertCounts(db, region.code),
        };
      },
    }),
  ),
  anyRoute(
    route<z.infer<typeof RegionParam>, z.infer<typeof YearOnly>>({
      method: 'get',
      path: '/regions/:code/children',
      cache: true,
      summary: '下钻: 下级区划与本级的资金数',
      tag: 'drill',
      params: RegionParam,
      query: YearOnly,
      response: 'RegionChildrenResponse',
      handler: async ({ db, scope, params, query }): Promise<RegionChildrenResponse> => {
        const region = await scope.region(params.code);
        const year = await yearOr(db, query.year);
        const { rows, total } = await drillRows(db, region, year);
        return { year, region, path: await scope.path(region.code), total, rows };
      },
    }),
  ),
  anyRoute(
    route<z.infer<typeof RegionParam>, z.infer<typeof YearOnly>>({
      method: 'get',
      path: '/regions/:code/funds',
      cache: true,
      summary: '下钻: 区划 (含下级) 按资金',
      tag: 'drill',
      params: RegionParam,
      query: YearOnly,
      response: 'RegionFundsResponse',
      handler: async ({ db, scope, params, query }): Promise<RegionFundsResponse> => {
        const region = await scope.region(params.code);
        const year = await yearOr(db, query.year);
        return { year, region, path: await scope.path(region.code), ...(await fundRows(db, region.code, year)) };
      },
    }),
  ),
  anyRoute(
    route<Record<string, never>, z.infer<typeof YearRegion>>({
      method: 'get',
      path: '/sankey',
      cache: true,
      summary: '资金流向桑基图: 中央 → 省 → 市 → 县 → 项目',
      tag: 'drill',
      query: YearRegion,
      response: 'SankeyResponse',
      handler: async ({ db, scope, query }): Promise<SankeyResponse> => {
        const region = await scope.region(query.region);
        const year = await yearOr(db, query.year);
        const k = kyselyFor(db);
        const transfers = await k
          .selectFrom('marts.interlock as i')
          .innerJoin('marts.regions as f', 'f.code', 'i.from_region')
          .innerJoin('marts.regions as t', 't.code', 'i.to_region')
          .select([
            'i.from_region as from_code',
            'f.name as from_name',
            'f.level as from_level',
            'i.to_region as to_code',
            't.name as to_name',
            't.level as to_level',
            sql<number>`sum(i.issued)::bigint`.as('amount'),
          ])
          .where('i.budget_year', '=', year)
          .where((eb) => below(eb, 'i.to_region', region.code))
          .groupBy(['i.from_region', 'f.name', 'f.level', 'i.to_region', 't.name', 't.level'])
          .execute();
        const projects = await k
          .selectFrom('marts.project_funding as pf')
          .innerJoin('marts.regions as r', 'r.code', 'pf.region_code')
          .leftJoin('marts.project_library as pl', 'pl.project_code', 'pf.project_code')
          .select([
            'pf.region_code',
            'r.name as region_name',
            'r.level as region_level',
            sql<string>`coalesce(pl.category, '未分类')`.as('category'),
            sql<number>`sum(pf.funded)::bigint`.as('amount'),
          ])
          .where('pf.budget_year', '=', year)
          .where((eb) => below(eb, 'pf.region_code', region.code))
          .groupBy(['pf.region_code', 'r.name', 'r.level', sql`4`])
          .execute();
        return buildSankey(
          transfers.map((t) => ({ ...t, amount: Number(t.amount) })),
          projects.map((p) => ({ ...p, amount: Number(p.amount) })),
        );
      },
    }),
  ),
];
