/**
 * 报表: the template catalogue for the designer, the standard and saved templates with their versions, saving
 * a new version (报表分析岗, 管理员), a live preview of unsaved text, and rendering a template for a region in
 * the user's scope as JSON, XLSX or CSV, with its check against the 总台账.
 */
import { z } from 'zod';
import { anyRoute, route } from './route.registry.ts';
import { RegionCode, Year } from './query.params.ts';
import type { Role } from './api.types.ts';
import { answerReport, ReportFormat, withTemplateIssues } from './reports.output.ts';
import { renderReport } from '../../report-templates/report.renderer.ts';
import { reconcileWithLedger, type ReconcileLine } from '../../report-templates/ledger.reconcile.ts';
import { listTemplateVersions, loadTemplate, saveTemplate } from '../../report-templates/template.store.ts';
import { STANDARD_FORMS, standardTemplates } from '../../report-templates/standard.templates.ts';
import { parseTemplateText, type CheckedTemplate } from '../../report-templates/template.checker.ts';
import { DIMENSIONS, FACTS } from '../../report-templates/catalogue/facts.catalogue.ts';
import { describeMapping } from '../../report-templates/catalogue/ledger-mapping.ts';
import { SUBJECT_TREE } from '../../report-templates/catalogue/subjects.catalogue.ts';
import type { RenderedReport } from '../../report-templates/report.types.ts';
import type { Warehouse } from '../../warehouse/index.ts';
import type { RegionRef } from './api.types.ts';

export const DESIGN_ROLES: readonly Role[] = ['analyst', 'admin'];
const TemplateIdParam = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, '模板编号有误') });
const Version = z.coerce.number().int().min(1).optional();

const RenderQuery = z.object({
  template: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, '模板编号有误'),
  version: Version,
  region: RegionCode.optional(),
  year: Year,
  format: ReportFormat,
});

const PreviewBody = z.object({ text: z.string().min(1).max(100_000), region: RegionCode.optional(), year: Year });

export interface ReportAnswer {
  report: RenderedReport;
  ledger_check: ReconcileLine[];
}

async function renderChecked(
  db: Warehouse,
  checked: CheckedTemplate,
  region: RegionRef,
  year: number,
  version: number | null,
) {
  const report = await renderReport(db, checked, { region, year }, { version });
  const ledger_check = await reconcileWithLedger(db, {
    report,
    filters: checked.template.filters,
    columnFilters: new Map(checked.template.columns.map((c) => [c.key, 'filters' in c ? c.filters : undefined])),
    restricted: checked.template.rows.members !== undefined,
  });
  return { report, ledger_check };
}

export const reportRoutes = [
  anyRoute(
    route({
      method: 'get',
      path: '/reports/catalogue',
      summary: '报表设计目录: 维度、度量 (及其总台账口径)、科目',
      tag: 'reports',
      response: 'ReportCatalogue',
      handler: async () => ({
        dimensions: Object.entries(DIMENSIONS).map(([key, label]) => ({ key, label })),
        facts: Object.entries(FACTS).map(([key, f]) => ({
          key,
          label: f.label,
          dimensions: ['region', ...Object.keys(f.dimensions)],
          measures: Object.entries(f.measures).map(([m, def]) => ({
            ref: `${key}.${m}`,
            label: def.label,
            format: def.format,
            ledger: describeMapping(def.ledger),
            relation: def.ledger.relation,
          })),
        })),
        subjects: SUBJECT_TREE,
      }),
    }),
  ),
  anyRoute(
    route({
      method: 'get',
      path: '/reports/templates',
      summary: '报表模板: 标准报表和已保存模板 (各版本)',
      tag: 'reports',
      response: 'ReportTemplateList',
      handler: async ({ db }) => ({
        standard: [...standardTemplates()].map(([id, t]) => ({
          template_id: id,
          title: t.checked.template.title,
          form_no: t.checked.template.form_no ?? null,
          standard_form: (STANDARD_FORMS as readonly string[]).includes(id),
        })),
        saved: await listTemplateVersions(db),
      }),
    }),
  ),
  anyRoute(
    route<z.infer<typeof TemplateIdParam>, { version?: number | undefined }>({
      method: 'get',
      path: '/reports/templates/:id',
      summary: '一个报表模板的文本及其版本',
      tag: 'reports',
      params: TemplateIdParam,
      query: z.object({ version: Version }),
      response: 'ReportTemplateDetail',
      handler: async ({ db, params, query }) => {
        const t = await withTemplateIssues(() => loadTemplate(db, params.id, query.version));
        return {
          template_id: params.id,
          version: t.version,
          text: t.text,
          versions: await listTemplateVersions(db, params.id),
        };
      },
    }),
  ),
  anyRoute(
    route<Record<string, never>, Record<string, never>, { text: string }>({
      method: 'post',
      path: '/reports/templates',
      summary: '保存报表模板 (新版本)',
      tag: 'reports',
      roles: DESIGN_ROLES,
      body: z.object({ text: z.string().min(1).max(100_000) }),
      response: 'TemplateVersion',
      handler: async ({ db, body, user }) => withTemplateIssues(() => saveTemplate(db, body.text, user.username)),
    }),
  ),
  anyRoute(
    route<Record<string, never>, Record<string, never>, z.infer<typeof PreviewBody>>({
      method: 'post',
      path: '/reports/preview',
      summary: '预览未保存的模板 (校验错误附路径)',
      tag: 'reports',
      roles: DESIGN_ROLES,
      body: PreviewBody,
      response: 'ReportAnswer',
      handler: async ({ db, body, scope }): Promise<ReportAnswer> => {
        const region = await scope.region(body.region);
        const checked = await withTemplateIssues(async () => parseTemplateText(body.text));
        return renderChecked(db, checked, region, body.year, null);
      },
    }),
  ),
  anyRoute(
    route<Record<string, never>, z.infer<typeof RenderQuery>>({
      method: 'get',
      path: '/reports/render',
      summary: '按模板出表 (JSON / XLSX / CSV), 附与总台账的核对',
      tag: 'reports',
      query: RenderQuery,
      response: 'ReportAnswer',
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
      handler: async ({ db, query, scope, res }) => {
        const region = await scope.region(query.region);
        const t = await withTemplateIssues(() => loadTemplate(db, query.template, query.version));
        const answer = await renderChecked(db, t.checked, region, query.year, t.version);
        if (query.format !== 'json') return answerReport(res, answer.report, query.format);
        return answer;
      },
    }),
  ),
];
