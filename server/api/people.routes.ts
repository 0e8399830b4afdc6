/** The grids of people (a project's or a region's payees) and of individual payments. */
import { z } from 'zod';
import { anyRoute, route, type RouteContext } from './route.registry.ts';
import { Code, Dir, Page, PageSize, RegionCode, Year } from './query.params.ts';
import { HttpError } from '../http-errors.ts';
import {
  PAYMENT_SORTS,
  paymentPage,
  PEOPLE_SORTS,
  paymentRowsQuery,
  paymentTotals,
  peopleRowsQuery,
  peopleTotals,
  onePerPayee,
  personVillages,
  type PaymentsFilter,
  type PeopleFilter,
} from './people.repository.ts';
import {
  GridFormat,
  arrowBody,
  chosenColumns,
  sendDownload,
  wantsArrow,
  ARROW_STREAM,
  type GridColumn,
} from './grid.output.ts';
import type { PaymentRow, PaymentsResponse, PeopleResponse, PersonRow } from './api.types.ts';
import { ACCOUNT_PREFIX, type PersonRefs } from '../auth/person.ref.ts';
import { years } from './drill.routes.ts';
import { recordGridAccess } from '../audit/grid-access.hook.ts';

const PEOPLE_COLUMNS: GridColumn[] = [
  { name: 'person_id', type: 'text', arrow: 'utf8' },
  { name: 'person_ref', type: 'text', arrow: 'utf8' },
  { name: 'name', type: 'text', arrow: 'utf8' },
  { name: 'household_id', type: 'text', arrow: 'utf8' },
  { name: 'village_code', type: 'text', arrow: 'utf8' },
  { name: 'village_name', type: 'text', arrow: 'utf8' },
  // a boolean on screen; 是/否 text in a download (peopleRowsQuery)
  { name: 'registered', type: 'text', arrow: 'bool' },
  { name: 'payments', type: 'integer', arrow: 'number' },
  { name: 'payable', type: 'amount', arrow: 'number' },
  { name: 'paid', type: 'amount', arrow: 'number' },
  { name: 'first_month', type: 'text', arrow: 'utf8' },
  { name: 'last_month', type: 'text', arrow: 'utf8' },
];
/** person_ref is made in JS per response; a download carries the rest. */
const PEOPLE_DOWNLOAD = PEOPLE_COLUMNS.filter((c) => c.name !== 'person_ref');

const PAYMENT_COLUMNS: GridColumn[] = [
  { name: 'payment_id', type: 'text', arrow: 'utf8' },
  { name: 'pay_month', type: 'text', arrow: 'utf8' },
  { name: 'person_id', type: 'text', arrow: 'utf8' },
  { name: 'name', type: 'text', arrow: 'utf8' },
  { name: 'village_code', type: 'text', arrow: 'utf8' },
  { name: 'doc_id', type: 'text', arrow: 'utf8' },
  { name: 'project_code', type: 'text', arrow: 'utf8' },
  { name: 'payable', type: 'amount', arrow: 'number' },
  { name: 'paid', type: 'amount', arrow: 'number' },
  { name: 'account_no', type: 'text', arrow: 'utf8' },
  { name: 'bank', type: 'text', arrow: 'utf8' },
];

const PeopleQuery = GridFormat.extend({
  region: RegionCode.optional(),
  project: Code.optional(),
  year: Year.optional(),
  q: z.string().max(50).optional(),
  page: Page,
  page_size: PageSize,
  sort: z.enum(PEOPLE_SORTS).default('paid'),
  dir: Dir.default('desc'),
});

const PaymentsQuery = GridFormat.extend({
  region: RegionCode.optional(),
  person_ref: z.string().max(200).optional(),
  /** an opaque account reference (an alert's subject_ref): the payments received by that account */
  account_ref: z.string().max(200).optional(),
  payment: Code.optional(),
  project: Code.optional(),
  doc: Code.optional(),
  year: Year.optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
    .optional(),
  page: Page,
  page_size: PageSize,
  sort: z.enum(PAYMENT_SORTS).default('pay_month'),
  dir: Dir,
});

/** The totals the page's rows carry (window columns), or, for a page past the end, a query of their own. */
async function totalsOf(
  records: readonly { total_rows?: number | null; total_paid?: number | null }[],
  query: () => Promise<{ total_rows: number; total_paid: number }>,
): Promise<{ total_rows: number; total_paid: number }> {
  const first = records[0];
  if (!first) return query();
  return { total_rows: Number(first.total_rows ?? 0), total_paid: Number(first.total_paid ?? 0) };
}

type Ctx<Q> = RouteContext<Record<string, never>, Q, undefined>;

async function sendGrid(
  ctx: Ctx<{ format: 'json' | 'csv' | 'xlsx' }>,
  columns: GridColumn[],
  rows: Record<string, unknown>[],
  totals: { total_rows: number; total_paid: number },
): Promise<unknown> {
  if (wantsArrow(ctx.req)) {
    ctx.res.setHeader('content-type', ARROW_STREAM);
    ctx.res.setHeader('x-total-rows', String(totals.total_rows));
    ctx.res.setHeader('x-total-paid', String(totals.total_paid));
    ctx.res.end(Buffer.from(arrowBody(columns, rows)));
    return undefined;
  }
  return { rows, ...totals };
}

export function peopleRoutes(loadRefs: () => Promise<PersonRefs>) {
  return [
    anyRoute(
      route<Record<string, never>, z.infer<typeof PeopleQuery>>({
        method: 'get',
        path: '/people',
        cache: true,
        summary: '到人到户: 项目或区划的受益人 (分页, 排序, 导出)',
        tag: 'payments',
        query: PeopleQuery,
        response: 'PeopleResponse',
        produces: [ARROW_STREAM, 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        handler: async (ctx): Promise<PeopleResponse | undefined> => {
          const { db, scope, query, user } = ctx;
          const region = await scope.region(query.region);
          const year = query.year ?? (await years(db)).current;
          const filter: PeopleFilter = {
            region: region.code,
            year,
            project: query.project,
            q: query.q,
            unmask: user.can_unmask,
            onePerPayee: query.project !== undefined && (await onePerPayee(db, query.project, year)),
          };
          const peopleAccess = {
            target: 'GET /api/people',
            region: region.code,
            year,
            filters: { project: query.project, q: query.q },
          };
          if (query.format !== 'json') {
            const columns = chosenColumns(PEOPLE_DOWNLOAD, query.columns);
            const sent = await sendDownload(
              db,
              ctx.res,
              peopleRowsQuery(db, filter),
              columns,
              query.format,
              `people_${region.code}_${year}`,
            );
            await recordGridAccess(db, user, { ...peopleAccess, rows: sent, download: query.format });
            return undefined;
          }
          const paging = { page: query.page, pageSize: query.page_size, sort: query.sort, dir: query.dir };
          const refs = await loadRefs();
          const records = await peopleRowsQuery(db, filter, paging).execute();
          const totals = await totalsOf(records, () => peopleTotals(db, filter));
          const rows: PersonRow[] = records.map(({ person_key, total_rows: _n, total_paid: _p, ...r }) => ({
            ...r,
            person_id: r.person_id ?? '',
            person_ref: refs.encode(person_key ?? ''),
            payments: Number(r.payments ?? 0),
            payable: Number(r.payable ?? 0),
            paid: Number(r.paid ?? 0),
          }));
          await recordGridAccess(db, user, { ...peopleAccess, rows: rows.length, download: undefined });
          return (await sendGrid(ctx, PEOPLE_COLUMNS, rows as unknown as Record<string, unknown>[], totals)) as
            PeopleResponse | undefined;
        },
      }),
    ),
    anyRoute(
      route<Record<string, never>, z.infer<typeof PaymentsQuery>>({
        method: 'get',
        path: '/payments',
        cache: true,
        summary: '发放明细: 按人、项目、单据或区划 (分页, 排序, 导出)',
        tag: 'payments',
        query: PaymentsQuery,
        response: 'PaymentsResponse',
        produces: [ARROW_STREAM, 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        handler: async (ctx): Promise<PaymentsResponse | undefined> => {
          const { db, scope, query, user } = ctx;
          const region = await scope.region(query.region);
          let person: string | undefined;
          if (query.person_ref !== undefined) {
            person = (await loadRefs()).decode(query.person_ref);
            if (person === undefined || person.startsWith(ACCOUNT_PREFIX))
              throw new HttpError(400, 'BAD_PERSON_REF', 'person_ref 无效');
          }
          let account: string | undefined;
          if (query.account_ref !== undefined) {
            const decoded = (await loadRefs()).decode(query.account_ref);
            if (!decoded?.startsWith(ACCOUNT_PREFIX)) throw new HttpError(400, 'BAD_ACCOUNT_REF', 'account_ref 无效');
            account = decoded.slice(ACCOUNT_PREFIX.length);
          }
          const filter: PaymentsFilter = {
            region: region.code,
            account,
            payment: query.payment,
            year: query.year,
            month: query.month,
            person,
            personVillages: person === undefined ? undefined : await personVillages(db, person, query.year),
            project: query.project,
            doc: query.doc,
            unmask: user.can_unmask,
          };
          const paymentsAccess = {
            target: 'GET /api/payments',
            region: region.code,
            year: query.year,
            filters: { month: query.month, project: query.project, doc: query.doc, person: query.person_ref },
          };
          if (query.format !== 'json') {
            const columns = chosenColumns(PAYMENT_COLUMNS, query.columns);
            const sent = await sendDownload(
              db,
              ctx.res,
              paymentRowsQuery(db, filter),
              columns,
              query.format,
              `payments_${region.code}`,
            );
            await recordGridAccess(db, user, { ...paymentsAccess, rows: sent, download: query.format });
            return undefined;
          }
          const paging = { page: query.page, pageSize: query.page_size, sort: query.sort, dir: query.dir };
          const records = await paymentPage(db, filter, paging);
          const totals = await totalsOf(records, () => paymentTotals(db, filter));
          const rows: PaymentRow[] = records.map(({ person_key: _k, total_rows: _n, total_paid: _p, ...r }) => ({
            ...r,
            payable: Number(r.payable),
            paid: Number(r.paid),
          }));
          await recordGridAccess(db, user, { ...paymentsAccess, rows: rows.length, download: undefined });
          return (await sendGrid(ctx, PAYMENT_COLUMNS, rows as unknown as Record<string, unknown>[], totals)) as
            PaymentsResponse | undefined;
        },
      }),
    ),
  ];
}
