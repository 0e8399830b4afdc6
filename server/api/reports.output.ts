/**
 * How report routes answer: the rendered report as JSON (the screen's ag-grid), or a download as XLSX (merged
 * headers, frozen panes, number formats) or CSV (BOM, exact amounts). Template errors become a 400 that lists
 * every problem with its path.
 */
import type { Response } from 'express';
import { z } from 'zod';
import { reportXlsxBuffer } from '../../report-templates/report.xlsx.writer.ts';
import { reportCsv } from '../../report-templates/report.csv.writer.ts';
import { TemplateError } from '../../report-templates/template.checker.ts';
import type { RenderedReport } from '../../report-templates/report.types.ts';
import { HttpError } from '../http-errors.ts';

export const ReportFormat = z.enum(['json', 'xlsx', 'csv']).default('json');

const fileName = (report: RenderedReport): string => `${report.title}-${report.region.code}-${report.year}`;

/** Sends the report as a download, or returns it for JSON. */
export async function answerReport(
  res: Response,
  report: RenderedReport,
  format: z.infer<typeof ReportFormat>,
): Promise<RenderedReport | undefined> {
  if (format === 'json') return report;
  const name = encodeURIComponent(`${fileName(report)}.${format}`);
  res.setHeader('content-disposition', `attachment; filename*=UTF-8''${name}`);
  if (format === 'csv') {
    res.type('text/csv; charset=utf-8').send(reportCsv(report));
  } else {
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await reportXlsxBuffer(report));
  }
  return undefined;
}

/** Runs `fn`, turning a template's problems into a 400 with every issue's path. */
export async function withTemplateIssues<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof TemplateError) throw new HttpError(400, e.code, e.message, e.issues);
    throw e;
  }
}
