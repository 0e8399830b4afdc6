/** The project library across years: list, one project with funding by year and origin, related projects. */
import { sql } from 'kysely';
import { z } from 'zod';
import { kyselyFor, type Warehouse } from '../../warehouse/index.ts';
import { anyRoute, route } from './route.registry.ts';
import { Code, Page, PageSize, RegionCode, Year } from './query.params.ts';
import { notFoundError } from '../http-errors.ts';
import { below, isWholeTree } from './region.scope.ts';
import { listDocuments } from './documents.repository.ts';
import type { ProjectDetailResponse, ProjectRow, ProjectsResponse } from './api.types.ts';

const ProjectsQuery = z.object({
  region: RegionCode.optional(),
  year: Year.optional(),
  q: z.string().max(50).optional(),
  page: Page,
  page_size: PageSize,
});

const ProjectParam = z.object({ code: Code });
const ProjectQuery = z.object({ year: Year.optional() });

const n = (v: number | null | undefined): number => Number(v ?? 0);

/**
 * The payment detail under a project in the scope (of `year` when given): for the whole tree in a year the
 * project's row of marts.project_year_people, else marts.project_people summed over the scope's villages
 * (ordered by project: a pruned scan).
 */
async function projectPayments(
  wh: Warehouse,
  project: string,
  scopeRoot: string,
  year: number | undefined,
): Promise<{ rows: number; people: number; paid: number; payable: number }> {
  const k = kyselyFor(wh);
  if (year !== undefined && isWholeTree(scopeRoot)) {
    const row = await k
      .selectFrom('marts.project_year_people')
      .select(['payments', 'people', 'paid', 'payable'])
      .where('project_code', '=', project)
      .where('pay_year', '=', year)
      .executeTakeFirst();
    return { rows: n(row?.payments), people: n(row?.people), paid: n(row?.paid), payable: n(row?.payable) };
  }
  let q = k
    .selectFrom('marts.project_people as pj')
    .select([
      sql<number>`coalesce(sum(pj.payments), 0)::bigint`.as('rows'),
      sql<number>`count(distinct pj.person_id)::bigint`.as('people'),
      sql<number>`coalesce(sum(pj.paid), 0)::bigint`.as('paid'),
      sql<number>`coalesce(sum(pj.payable), 0)::bigint`.as('payable'),
    ])
    .where('pj.project_code', '=', project)
    .where((eb) => below(eb, 'pj.village_code', scopeRoot));
  if (year !== undefined) q = q.where('pj.pay_year', '=', year);
  const row = await q.executeTakeFirstOrThrow();
  return { rows: n(row.rows), people: n(row.people), paid: n(row.paid), payable: n(row.payable) };
}

function libraryQuery(wh: Warehouse, region: string) {
  return kyselyFor(wh)
    .selectFrom('marts.project_library as p')
    .innerJoin('marts.regions as r', 'r.code', 'p.region_code')
    .where((eb) => below(eb, 'p.region_code', region));
}

const projectColumns = [
  'p.project_code',
  'p.project_name',
  'p.region_code',
  'r.name as region_name',
  'p.category',
  'p.department',
  'p.status',
  'p.start_year',
  'p.end_year',
  'p.planned',
  'p.funded',
  'p.paid',
  'p.unfunded',
  'p.funded_central',
  'p.funded_province',
  'p.funded_city',
  'p.funded_county',
  'p.funded_own',
  'p.parent_project_code',
  'p.applied_to_region',
] as const;

type LibraryRecord = Omit<ProjectRow, 'planned' | 'funded' | 'paid' | 'unfunded' | `funded_${string}`> & {
  [
    K in
      | 'planned'
      | 'funded'
      | 'paid'
      | 'unfunded'
      | 'funded_central'
      | 'funded_province'
      | 'funded_city'
      | 'funded_county'
      | 'funded_own'
  ]: number | null;
} & { parent_project_code: string | null; applied_to_region: string | null };

function toProject(
  r: LibraryRecord,
): ProjectRow & { parent_project_code: string | null; applied_to_region: string | null } {
  return {
    ...r,
    planned: n(r.planned),
    funded: n(r.funded),
    paid: n(r.paid),
    unfunded: n(r.unfunded),
    funded_central: n(r.funded_central),
    funded_province: n(r.funded_province),
    funded_city: n(r.funded_city),
    funded_county: n(r.funded_county),
    funded_own: n(r.funded_own),
  };
}

export const projectRoutes = [
  anyRoute(
    route<Record<string, never>, z.infer<typeof ProjectsQuery>>({
      method: 'get',
      path: '/projects',
      cache: true,
      summary: '项目库: 区划 (含下级) 的项目, 跨年度',
      tag: 'projects',
      query: ProjectsQuery,
      response: 'ProjectsResponse',
      handler: async ({ db, scope, query }): Promise<ProjectsResponse> => {
        const region = await scope.region(query.region);
        let q = libraryQuery(db, region.code);
        if (query.year !== undefined) {
          const y = query.year;
          q = q.where((eb) =>
            eb.or([
              eb.and([eb('p.start_year', '<=', y), eb.or([eb('p.end_year', '>=', y), eb('p.end_year', 'is', null)])]),
              eb.exists(
                eb
                  .selectFrom('marts.project_funding as f')
                  .select('f.project_code')
                  .whereRef('f.project_code', '=', 'p.project_code')
                  .where('f.budget_year', '=', y),
              ),
            ]),
          );
        }
        if (query.q) {
          const like = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
          q = q.where((eb) =>
            eb.or([sql<boolean>`p.project_name like ${like} escape '\\'`, eb('p.project_code', 'like', `${query.q}%`)]),
          );
        }
        const rows = await q
          .select(projectColumns)
          .orderBy('p.funded', 'desc')
          .orderBy('p.project_code')
          .limit(query.page_size)
          .offset((query.page - 1) * query.page_size)
          .execute();
        const total = await q.select(sql<number>`count(*)::bigint`.as('n')).executeTakeFirstOrThrow();
        return {
          rows: rows.map((r) => {
            const { parent_project_code: _p, applied_to_region: _a, ...row } = toProject(r);
            return row;
          }),
          total_rows: Number(total.n),
        };
      },
    }),
  ),
  anyRoute(
    route<z.infer<typeof ProjectParam>, z.infer<typeof ProjectQuery>>({
      method: 'get',
      path: '/projects/:code',
      cache: true,
      summary: '项目: 各年度资金、来源构成、关联项目、单据、发放明细合计',
      tag: 'projects',
      params: ProjectParam,
      query: ProjectQuery,
      response: 'ProjectDetailResponse',
      handler: async ({ db, scope, params, query }): Promise<ProjectDetailResponse> => {
        const found = await libraryQuery(db, scope.root)
          .select(projectColumns)
          .where('p.project_code', '=', params.code)
          .executeTakeFirst();
        if (!found) throw notFoundError(`项目 ${params.code} 不存在或不在本人可见的区划内`);
        const project = toProject(found);
        const k = kyselyFor(db);
        const funding = await k
          .selectFrom('marts.project_funding')
          .select([
            'budget_year',
            'region_code',
            'planned',
            'funded',
            'funded_central',
            'funded_province',
            'funded_city',
            'funded_county',
            'funded_own',
            'planned_for_payment',
            'paid',
          ])
          .where('project_code', '=', params.code)
          .where((eb) => below(eb, 'marts.project_funding.region_code', scope.root))
          .orderBy('budget_year')
          .orderBy('region_code')
          .execute();
        const byYear = new Map<number, ProjectDetailResponse['by_year'][number]>();
        for (const f of funding) {
          const y = Number(f.budget_year);
          const acc = byYear.get(y) ?? { budget_year: y, planned: 0, funded: 0, planned_for_payment: 0, paid: 0 };
          acc.planned += n(f.planned);
          acc.funded += n(f.funded);
          acc.planned_for_payment += n(f.planned_for_payment);
          acc.paid += n(f.paid);
          byYear.set(y, acc);
        }
        const related = await k
          .selectFrom('marts.project_relations as rel')
          .leftJoin('marts.project_library as p', 'p.project_code', 'rel.related_project_code')
          .select([
            'rel.relation',
            'rel.related_project_code as project_code',
            'p.project_name',
            'rel.related_region_code as region_code',
            'rel.amount',
          ])
          .where('rel.project_code', '=', params.code)
          .where((eb) => below(eb, 'rel.related_region_code', scope.root))
          .execute();
        const docs = await listDocuments(db, { region: scope.root, project: params.code }, 1, 200);
        const paid = await projectPayments(db, params.code, scope.root, query.year);
        return {
          project,
          by_year: [...byYear.values()],
          funding: funding.map((f) => ({
            budget_year: Number(f.budget_year),
            region_code: f.region_code,
            funded: n(f.funded),
            funded_central: n(f.funded_central),
            funded_province: n(f.funded_province),
            funded_city: n(f.funded_city),
            funded_county: n(f.funded_county),
            funded_own: n(f.funded_own),
            paid: n(f.paid),
          })),
          related: related.map((r) => ({
            ...r,
            project_code: r.project_code ?? '',
            region_code: r.region_code ?? '',
            amount: n(r.amount),
          })),
          documents: docs.rows,
          payments: { rows: n(paid.rows), people: n(paid.people), paid: n(paid.paid), payable: n(paid.payable) },
        };
      },
    }),
  ),
];
