/**
 * 告警: one row per alert of monitoring.alerts (written by `fundtrail check`, models/monitoring): its rule, level,
 * region, subject, amount (分), detail, handling status and first detection (UTC, ISO 8601). `--region` keeps the
 * alerts of that region and below; alerts have no budget year, so `--year` is refused.
 */
import { UserError } from '../warehouse/index.ts';
import { QueryParams, inRegion, type ExportQuery, type ExportScope } from './export-scope.ts';

export const ALERTS_TABLE = 'monitoring.alerts';

export function alertsQuery(scope: ExportScope): ExportQuery {
  if (scope.year !== undefined) {
    throw new UserError('EXPORT_OPTION_INVALID', '导出参数有误: --year: 告警没有预算年度, 不能按年度导出', 2);
  }
  const params = new QueryParams();
  const where = scope.region === undefined ? '' : `where ${inRegion('a.region_code', params.add(scope.region))}`;
  const sql = `
    select
      a.alert_id, a.rule_code, a.level, a.region_code, a.subject_type, a.subject_id, a.amount, a.detail, a.status,
      strftime(a.detected_at, '%Y-%m-%dT%H:%M:%SZ') as detected_at
    from monitoring.alerts as a
    ${where}
    order by a.alert_id`;
  return { sql, params: params.values };
}
