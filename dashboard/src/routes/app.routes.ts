/**
 * Every page's URL, built in one place: the state of a page lives in its path and query, so back, forward and
 * a shared link show the same thing. The drill context (year, the region the drill is in, the fund, document,
 * project and person it passed through) rides along in the query so that breadcrumbs can be rebuilt from the URL.
 */
import { buildQuery, segment } from '../api/query-string.builder.ts';

/** A fund code in a path; documents without a fund use this placeholder. */
export const NO_FUND = '_';

export interface DrillContext {
  year?: number | undefined;
  region?: string | undefined;
  fund?: string | null | undefined;
  doc?: string | undefined;
  project?: string | undefined;
  person?: string | undefined;
  /** one payment (an alert's subject) */
  payment?: string | undefined;
  /** an opaque account reference (an alert's subject_ref): the payments that account received */
  account?: string | undefined;
}

function ctxQuery(ctx: DrillContext): Record<string, string | number | undefined> {
  return {
    year: ctx.year,
    region: ctx.region,
    fund: ctx.fund === null ? NO_FUND : ctx.fund,
    doc: ctx.doc,
    project: ctx.project,
    person: ctx.person,
    payment: ctx.payment,
    account: ctx.account,
  };
}

/** The drill context of a URL's query (the inverse of the builders below). */
export function readDrill(search: URLSearchParams): DrillContext {
  const year = search.get('year');
  const fund = search.get('fund');
  const text = (key: string): string | undefined => search.get(key) || undefined;
  return {
    year: year && /^\d{4}$/.test(year) ? Number(year) : undefined,
    region: text('region'),
    fund: fund === null || fund === '' ? undefined : fund === NO_FUND ? null : fund,
    doc: text('doc'),
    project: text('project'),
    person: text('person'),
    payment: text('payment'),
    account: text('account'),
  };
}

/** The fund code of a path segment (the placeholder means "no fund"). */
export function fundOfSegment(raw: string): string | null {
  return raw === NO_FUND ? null : raw;
}

export const paths = {
  login: (next?: string): string => `/login${buildQuery({ next: next && next !== '/login' ? next : undefined })}`,
  overview: (ctx: { year?: number | undefined; region?: string | undefined } = {}): string =>
    `/${buildQuery({ year: ctx.year, region: ctx.region })}`,
  region: (code: string, year?: number): string => `/regions/${segment(code)}${buildQuery({ year })}`,
  fund: (region: string, fund: string | null, year?: number): string =>
    `/regions/${segment(region)}/funds/${segment(fund ?? NO_FUND)}${buildQuery({ year })}`,
  documents: (filter: {
    region?: string | undefined;
    year?: number | undefined;
    fund?: string | null | undefined;
    txn?: string | undefined;
  }): string =>
    `/documents${buildQuery({ region: filter.region, year: filter.year, fund: filter.fund === null ? NO_FUND : filter.fund, txn: filter.txn })}`,
  document: (id: string, ctx: DrillContext = {}): string =>
    `/documents/${segment(id)}${buildQuery({ ...ctxQuery(ctx), doc: undefined })}`,
  projects: (filter: { region?: string | undefined; year?: number | undefined; q?: string | undefined } = {}): string =>
    `/projects${buildQuery(filter)}`,
  project: (code: string, ctx: DrillContext = {}): string =>
    `/projects/${segment(code)}${buildQuery({ ...ctxQuery(ctx), project: undefined })}`,
  people: (ctx: DrillContext): string => `/people${buildQuery({ ...ctxQuery(ctx), person: undefined })}`,
  payments: (ctx: DrillContext & { month?: string | undefined }): string =>
    `/payments${buildQuery({ ...ctxQuery(ctx), month: ctx.month })}`,
  interlock: (
    filter: { region?: string | undefined; year?: number | undefined; status?: string | undefined } = {},
  ): string => `/interlock${buildQuery(filter)}`,
  signoffs: (status?: string): string => `/signoffs${buildQuery({ status })}`,
  newSignoff: (source?: string): string => `/signoffs/new${buildQuery({ source })}`,
  signoff: (id: number): string => `/signoffs/${id}`,
  alerts: (
    filter: {
      level?: string | undefined;
      rule?: string | undefined;
      status?: string | undefined;
      region?: string | undefined;
    } = {},
  ): string => `/alerts${buildQuery(filter)}`,
  alert: (id: string | number): string => `/alerts/${segment(String(id))}`,
};

export interface Crumb {
  label: string;
  to: string;
}

/** Labels the pages know for the steps of the drill (codes are shown where no name is known). */
export interface TrailLabels {
  fund?: string | undefined;
  doc?: string | undefined;
  project?: string | undefined;
  person?: string | undefined;
}

/**
 * The steps of the drill below the region crumbs: fund → document → project → person, each linking to its page
 * with the context of the steps above it.
 */
export function drillTrail(ctx: DrillContext, labels: TrailLabels = {}): Crumb[] {
  const crumbs: Crumb[] = [];
  const base: DrillContext = { year: ctx.year, region: ctx.region };
  if (ctx.fund !== undefined && ctx.region) {
    crumbs.push({
      label: labels.fund ?? (ctx.fund === null ? '未指定资金' : `资金 ${ctx.fund}`),
      to: paths.fund(ctx.region, ctx.fund, ctx.year),
    });
    base.fund = ctx.fund;
  }
  if (ctx.doc) {
    crumbs.push({ label: labels.doc ?? `单据 ${ctx.doc}`, to: paths.document(ctx.doc, base) });
    base.doc = ctx.doc;
  }
  if (ctx.project) {
    crumbs.push({ label: labels.project ?? `项目 ${ctx.project}`, to: paths.project(ctx.project, base) });
    base.project = ctx.project;
  }
  if (ctx.person) {
    crumbs.push({ label: labels.person ?? `人员 ${ctx.person}`, to: paths.payments({ ...base, person: ctx.person }) });
  }
  return crumbs;
}
