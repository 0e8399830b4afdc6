/** Documents of a scope, one document with its tree, postings and origin, and the trace of one fund. */
import { z } from 'zod';
import { kyselyFor } from '../../warehouse/index.ts';
import { anyRoute, route } from './route.registry.ts';
import { Code, Page, PageSize, RegionCode, Year } from './query.params.ts';
import { notFoundError } from '../http-errors.ts';
import { findDocumentDetail, listDocuments, originOf, toNode, toRow, treeOf } from './documents.repository.ts';
import { below } from './region.scope.ts';
import type { DocumentDetailResponse, DocumentsResponse, FundTraceResponse } from './api.types.ts';

const TxnCode = z.enum(['T01', 'T02', 'T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T09', 'T10']);

const DocumentsQuery = z.object({
  region: RegionCode.optional(),
  year: Year.optional(),
  fund: Code.optional(),
  txn: TxnCode.optional(),
  project: Code.optional(),
  page: Page,
  page_size: PageSize,
});

const DocParam = z.object({ id: Code });

const FundTraceQuery = z.object({ region: RegionCode.optional(), fund: Code.optional(), year: Year });

const DESCENDANTS_CAP = 500;

export const documentRoutes = [
  anyRoute(
    route<Record<string, never>, z.infer<typeof DocumentsQuery>>({
      method: 'get',
      path: '/documents',
      cache: true,
      summary: '指标单据 (文号) 列表: 区划 (含下级)、年度、资金、交易令',
      tag: 'documents',
      query: DocumentsQuery,
      response: 'DocumentsResponse',
      handler: async ({ db, scope, query }): Promise<DocumentsResponse> => {
        const region = await scope.region(query.region);
        return listDocuments(
          db,
          { region: region.code, year: query.year, fund: query.fund, txn: query.txn, project: query.project },
          query.page,
          query.page_size,
        );
      },
    }),
  ),
  anyRoute(
    route<z.infer<typeof DocParam>>({
      method: 'get',
      path: '/documents/:id',
      cache: true,
      summary: '单据: 来源链、下游树、分录、资金来源构成、发放明细合计',
      tag: 'documents',
      params: DocParam,
      response: 'DocumentDetailResponse',
      handler: async ({ db, scope, params }): Promise<DocumentDetailResponse> => {
        const found = await findDocumentDetail(db, params.id, scope.root);
        if (!found) throw notFoundError(`单据 ${params.id} 不存在或不在本人可见的区划内`);
        const { node, place, text, postings, payments } = found;
        const tree = await treeOf(db, node, place, scope.root, DESCENDANTS_CAP);
        return {
          document: { ...toRow(node), ...text },
          ancestors: tree.ancestors,
          descendants: tree.descendants,
          children_truncated: tree.truncated,
          origin: [{ origin_kind: node.origin_kind ?? '未知', amount: node.effective, share: 1 }],
          fund_origin: await originOf(db, node.region_code, node.fund_code, node.budget_year),
          postings,
          payments,
        };
      },
    }),
  ),
  anyRoute(
    route<Record<string, never>, z.infer<typeof FundTraceQuery>>({
      method: 'get',
      path: '/trace/fund',
      cache: true,
      summary: '资金追溯: 一个区划一项资金的来源构成与单据树的根',
      tag: 'documents',
      query: FundTraceQuery,
      response: 'FundTraceResponse',
      handler: async ({ db, scope, query }): Promise<FundTraceResponse> => {
        const region = await scope.region(query.region);
        const fund = query.fund ?? null;
        const k = kyselyFor(db);
        let named = k
          .selectFrom('marts.allocation_progress')
          .select('fund_name')
          .where('region_code', '=', region.code)
          .where('budget_year', '=', query.year);
        named = fund === null ? named.where('fund_code', 'is', null) : named.where('fund_code', '=', fund);
        const fundRow = await named.executeTakeFirst();
        // The documents of this region and fund that start its part of the tree: those whose parent is not
        // of the same region and fund (imports T01, own arrangements T02, carried-in T10 halves).
        let roots = k
          .selectFrom('marts.document_trace as t')
          .innerJoin('marts.regions as r', 'r.code', 't.region_code')
          .leftJoin('marts.project_library as p', 'p.project_code', 't.project_code')
          .leftJoin('marts.document_trace as up', 'up.doc_id', 't.parent_doc_id')
          .selectAll('t')
          .select(['r.name as region_name', 'p.project_name'])
          .where('t.region_code', '=', region.code)
          .where('t.budget_year', '=', query.year)
          .where((eb) => below(eb, 't.region_code', scope.root))
          .where((eb) =>
            eb.or([
              eb('up.doc_id', 'is', null),
              eb('up.region_code', '<>', eb.ref('t.region_code')),
              fund === null ? eb('up.fund_code', 'is not', null) : eb('up.fund_code', 'is distinct from', fund),
            ]),
          );
        roots = fund === null ? roots.where('t.fund_code', 'is', null) : roots.where('t.fund_code', '=', fund);
        const rows = await roots.orderBy('t.doc_date').orderBy('t.doc_id').limit(500).execute();
        return {
          region,
          fund_code: fund,
          fund_name: fundRow?.fund_name ?? fund ?? '(未登记到资金)',
          year: query.year,
          origin: await originOf(db, region.code, fund, query.year),
          roots: rows.map(toNode),
        };
      },
    }),
  ),
];
