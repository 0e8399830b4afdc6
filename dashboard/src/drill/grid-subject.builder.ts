/**
 * Which rows a people or payments grid asks for, from the drill context of the URL: the most specific subject
 * the drill reached (a person — within the project the drill came through, so the payments add up to the
 * person's row there —, else the document, the project, the region), with the year and month. The API's
 * filters narrow together.
 */
import type { QueryParams } from '../api/query-string.builder.ts';
import type { DrillContext } from '../routes/app.routes.ts';

export function paymentsSubject(ctx: DrillContext & { month?: string | undefined }, ownRegion: string): QueryParams {
  const subject: QueryParams = ctx.payment
    ? { payment: ctx.payment }
    : ctx.account
      ? { account_ref: ctx.account }
      : ctx.person
        ? { person_ref: ctx.person, project: ctx.project }
        : ctx.doc
          ? { doc: ctx.doc }
          : ctx.project
            ? { project: ctx.project }
            : { region: ctx.region ?? ownRegion };
  return { ...subject, year: ctx.year, month: ctx.month };
}

export function peopleSubject(ctx: DrillContext, ownRegion: string): QueryParams {
  const subject: QueryParams = ctx.project ? { project: ctx.project } : { region: ctx.region ?? ownRegion };
  return { ...subject, year: ctx.year };
}

/** The heading of a payments grid: what the rows are the payments of. */
export function paymentsTitle(ctx: DrillContext & { month?: string | undefined }): string {
  const of = ctx.payment
    ? `发放 ${ctx.payment} `
    : ctx.account
      ? '该账户'
      : ctx.person
        ? '该人员'
        : ctx.doc
          ? `单据 ${ctx.doc}`
          : ctx.project
            ? `项目 ${ctx.project}`
            : '本区划';
  return `${of}的发放明细${ctx.month ? ` (${ctx.month})` : ''}`;
}
