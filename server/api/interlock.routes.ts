/** 上下级咬合: transfers (T05/T06) touching the scope, with what was imported and how long the rest is in transit. */
import { sql } from 'kysely';
import { z } from 'zod';
import { kyselyFor } from '../../warehouse/index.ts';
import { anyRoute, route } from './route.registry.ts';
import { Page, PageSize, RegionCode, Year } from './query.params.ts';
import { below } from './region.scope.ts';
import type { InterlockResponse } from './api.types.ts';

const InterlockQuery = z.object({
  region: RegionCode.optional(),
  year: Year.optional(),
  status: z.enum(['未接收', '部分接收', '全部接收', 'open']).optional(),
  page: Page,
  page_size: PageSize,
});

export const interlockRoutes = [
  anyRoute(
    route<Record<string, never>, z.infer<typeof InterlockQuery>>({
      method: 'get',
      path: '/interlock',
      cache: true,
      summary: '上下级咬合: 在途指标及其在途天数 (发出或接收方在本区划内)',
      tag: 'interlock',
      query: InterlockQuery,
      response: 'InterlockResponse',
      handler: async ({ db, scope, query }): Promise<InterlockResponse> => {
        const region = await scope.region(query.region);
        const k = kyselyFor(db);
        let q = k
          .selectFrom('marts.interlock as i')
          .innerJoin('marts.regions as f', 'f.code', 'i.from_region')
          .innerJoin('marts.regions as t', 't.code', 'i.to_region')
          .leftJoin('marts.document_trace as d', 'd.doc_id', 'i.doc_id')
          .where((eb) => eb.or([below(eb, 'i.from_region', region.code), below(eb, 'i.to_region', region.code)]));
        if (query.year !== undefined) q = q.where('i.budget_year', '=', query.year);
        if (query.status === 'open') q = q.where('i.in_transit', '>', 0);
        else if (query.status !== undefined) q = q.where('i.status', '=', query.status);
        const rows = await q
          .select([
            'i.doc_id',
            'd.doc_no',
            'i.from_region',
            'f.name as from_region_name',
            'i.to_region',
            't.name as to_region_name',
            'i.budget_year',
            'i.fund_code',
            'i.issued',
            'i.imported',
            'i.in_transit',
            'i.issued_date',
            'i.first_import_date',
            'i.days_in_transit',
            'i.status',
          ])
          .orderBy('i.in_transit', 'desc')
          .orderBy('i.issued_date')
          .orderBy('i.doc_id')
          .limit(query.page_size)
          .offset((query.page - 1) * query.page_size)
          .execute();
        const total = await q.select(sql<number>`count(*)::bigint`.as('n')).executeTakeFirstOrThrow();
        const byRegion = await q
          .where('i.in_transit', '>', 0)
          .select([
            'i.to_region',
            't.name as to_region_name',
            sql<number>`count(*)::bigint`.as('transfers'),
            sql<number>`sum(i.in_transit)::bigint`.as('in_transit'),
            sql<number | null>`max(date_diff('day', i.issued_date, i.as_of))`.as('max_days_open'),
          ])
          .groupBy(['i.to_region', 't.name'])
          .orderBy(sql`in_transit`, 'desc')
          .execute();
        const asOf = await k
          .selectFrom('meta.model_vars')
          .select('value')
          .where('name', '=', 'as_of')
          .executeTakeFirst();
        return {
          as_of: asOf?.value ?? null,
          by_region: byRegion.map((b) => ({
            ...b,
            transfers: Number(b.transfers),
            in_transit: Number(b.in_transit),
            max_days_open: b.max_days_open === null ? null : Number(b.max_days_open),
          })),
          rows: rows.map((r) => ({
            ...r,
            budget_year: Number(r.budget_year),
            issued: Number(r.issued),
            imported: Number(r.imported ?? 0),
            in_transit: Number(r.in_transit ?? 0),
            issued_date: r.issued_date ?? '',
            days_in_transit: r.days_in_transit === null ? null : Number(r.days_in_transit),
            status: r.status ?? '',
          })),
          total_rows: Number(total.n),
        };
      },
    }),
  ),
];
