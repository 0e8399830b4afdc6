/**
 * `fundtrail check`: runs the monitoring rules (models/rules/*.sql) over the built models as of a date and records
 * their findings as alerts, idempotently:
 * - a finding is identified by (rule_code, subject_type, subject_id, region_code) and keeps its alert_id across
 *   runs; its amount, detail and level follow the latest run;
 * - a finding seen for the first time opens an alert (status 待核实, event 发现);
 * - a finding that disappears closes its alert with an event (消除): an unsettled alert (待核实 / 已说明) becomes
 *   已消除, a settled one (已办结) keeps its status; nothing is deleted;
 * - a finding that comes back reopens its alert (event 重新出现; 已消除 → 待核实).
 * Only the rules that ran without error close alerts: a rule whose SQL failed leaves its alerts as they were.
 */
import {
  silentProgress,
  sqlString,
  UserError,
  type Progress,
  type SqlValue,
  type Warehouse,
} from '../../warehouse/index.ts';
import { findRelationRefs, isModelSchema } from '../runner/sql.refs.ts';
import { relationKind } from '../runner/relation.kind.ts';
import { loadRules, RULES_DIR, selectRules } from './rule.catalog.ts';
import { SUBJECT_TYPES, type AlertLevel, type RuleDefinition } from './rule-file.schema.ts';
import { readThresholdOverrides, writeThresholdValues } from './thresholds.config.ts';
import { resolveAsOf } from './as-of.ts';
import { openAlertCounts, refreshOpenAlertCounts, type LevelCount } from './alert.repository.ts';

export interface CheckOptions {
  /** YYYY-MM-DD; default: vars.yml's as_of, else the demo's as-of date, else today (UTC) */
  asOf?: string | undefined;
  /** rule codes; none = every rule */
  rules?: readonly string[] | undefined;
  /** the rules folder (tests use their own) */
  rulesDir?: string | undefined;
  progress?: Progress | undefined;
}

export interface RuleOutcome {
  code: string;
  title: string;
  level: AlertLevel;
  status: 'ok' | 'error';
  findings: number;
  ms: number;
  message?: string;
}

export interface CheckResult {
  runId: number;
  asOf: string;
  /** every rule ran */
  ok: boolean;
  rules: RuleOutcome[];
  findings: number;
  opened: number;
  reopened: number;
  closed: number;
  /** open alerts (待核实 or 已说明) by level after the run, whole warehouse */
  open: LevelCount[];
  ms: number;
}

const REQUIRED_COLUMNS = ['subject_type', 'subject_id', 'region_code', 'amount', 'detail'] as const;

/** The models (staging / intermediate / marts) the rules read: what must be built before they run. */
export function ruleModelRefs(rules: readonly RuleDefinition[]): string[] {
  const refs = new Set<string>();
  for (const r of rules) {
    for (const ref of findRelationRefs(`${r.sql}\n${r.inFlowSql ?? ''}`)) {
      if (isModelSchema(ref.split('.')[0] ?? '')) refs.add(ref);
    }
  }
  return [...refs].sort();
}

async function missingModels(wh: Warehouse, rules: readonly RuleDefinition[]): Promise<string[]> {
  const missing: string[] = [];
  for (const ref of ruleModelRefs(rules)) if ((await relationKind(wh, ref)) === null) missing.push(ref);
  return missing;
}

/** Runs one rule into check_findings; returns its outcome (an error is reported, not thrown). */
async function runRule(wh: Warehouse, rule: RuleDefinition): Promise<RuleOutcome> {
  const started = Date.now();
  const base = { code: rule.code, title: rule.title, level: rule.level };
  try {
    const columns = new Set((await wh.describe(rule.sql)).map((c) => c.name));
    const lacking = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
    if (lacking.length) throw new UserError('RULE_COLUMNS', `${rule.file}: 结果缺少列 ${lacking.join(', ')}`);
    const level = columns.has('level') ? `coalesce(cast(r.level as varchar), $2)` : '$2';
    const rows = await wh.run(
      `insert into check_findings
       select $1, ${level}, cast(r.subject_type as varchar), cast(r.subject_id as varchar),
         coalesce(cast(r.region_code as varchar), ''), cast(r.amount as bigint), cast(r.detail as varchar)
       from (${rule.sql}) as r`,
      [rule.code, rule.level],
    );
    const bad = await wh.one<{ n: number; example: string | null }>(
      `select count(*) as n, any_value(concat(coalesce(subject_type, 'null'), '/', coalesce(subject_id, 'null'), '/', level)) as example
       from check_findings
       where rule_code = $1 and (subject_id is null or detail is null
         or subject_type not in (${SUBJECT_TYPES.map(sqlString).join(', ')})
         or level not in ('red', 'orange', 'yellow', 'blue'))`,
      [rule.code],
    );
    if (bad && bad.n > 0) {
      await wh.run('delete from check_findings where rule_code = $1', [rule.code]);
      throw new UserError(
        'RULE_ROWS_INVALID',
        `${rule.file}: ${bad.n} 行的 subject_type / subject_id / detail / level 无效 (例如 ${bad.example})`,
      );
    }
    return { ...base, status: 'ok', findings: rows, ms: Date.now() - started };
  } catch (err) {
    await wh.run('delete from check_findings where rule_code = $1', [rule.code]).catch(() => undefined);
    const message = err instanceof Error ? err.message : String(err);
    return { ...base, status: 'error', findings: 0, ms: Date.now() - started, message };
  }
}

/** Merges check_findings into monitoring.alerts for the rules in check_ok_rules (one transaction). */
async function recordAlerts(
  wh: Warehouse,
  runId: number,
): Promise<{ opened: number; reopened: number; closed: number; findings: number }> {
  return wh.transaction(async (tx) => {
    // One row per finding (a rule may return a subject twice: the highest level, the largest amount win).
    await tx.run(`create or replace temp table check_merged as
      select f.rule_code, f.subject_type, f.subject_id, f.region_code,
        arg_max(f.level, case f.level when 'red' then 4 when 'orange' then 3 when 'yellow' then 2 else 1 end) as level,
        max(f.amount)::bigint as amount,
        arg_max(f.detail, coalesce(f.amount, 0)) as detail,
        any_value(r.category) as category,
        any_value(r.title) as title
      from check_findings as f
      join check_ok_rules as r on r.rule_code = f.rule_code
      group by all`);
    const key = `a.rule_code = f.rule_code and a.subject_type = f.subject_type and a.subject_id = f.subject_id
      and a.region_code = f.region_code`;
    const run: SqlValue[] = [runId];
    // Findings that come back.
    const reopened = await tx.run(
      `insert into monitoring.alert_events
       select nextval('monitoring.event_id_seq'), a.alert_id, $1, '重新出现', a.status,
         case when a.status = '已消除' then '待核实' else a.status end, '系统', null, f.amount, f.detail,
         current_timestamp::timestamp
       from monitoring.alerts as a join check_merged as f on ${key}
       where not a.present`,
      run,
    );
    await tx.run(
      `update monitoring.alerts as a set
         level = f.level, title = f.title, amount = f.amount, detail = f.detail, last_seen_at = current_timestamp::timestamp,
         last_run_id = $1,
         status = case when a.present or a.status <> '已消除' then a.status else '待核实' end,
         updated_at = case when a.present then a.updated_at else current_timestamp::timestamp end,
         gone_at = null, present = true
       from check_merged as f
       where ${key}`,
      run,
    );
    // New findings.
    const opened = await tx.run(
      `insert into monitoring.alerts
       select nextval('monitoring.alert_id_seq'), f.rule_code, f.title, f.level, f.category, f.subject_type, f.subject_id,
         f.region_code, f.amount, f.detail, '待核实', true, current_timestamp::timestamp, $1,
         current_timestamp::timestamp, $1, null, current_timestamp::timestamp
       from check_merged as f
       where not exists (select 1 from monitoring.alerts as a where ${key})
       order by f.rule_code, f.subject_type, f.subject_id, f.region_code`,
      run,
    );
    await tx.run(
      `insert into monitoring.alert_events
       select nextval('monitoring.event_id_seq'), a.alert_id, $1, '发现', null, '待核实', '系统', null, a.amount,
         a.detail, current_timestamp::timestamp
       from monitoring.alerts as a where a.first_run_id = $1
       order by a.alert_id`,
      run,
    );
    // Findings that disappeared (only for the rules that ran without error).
    const gone = `a.present and a.rule_code in (select rule_code from check_ok_rules)
      and not exists (select 1 from check_merged as f where ${key})`;
    const closed = await tx.run(
      `insert into monitoring.alert_events
       select nextval('monitoring.event_id_seq'), a.alert_id, $1, '消除', a.status,
         case when a.status in ('待核实', '已说明') then '已消除' else a.status end, '系统',
         '最新一次检查未再发现该问题', a.amount, a.detail, current_timestamp::timestamp
       from monitoring.alerts as a where ${gone}
       order by a.alert_id`,
      run,
    );
    await tx.run(
      `update monitoring.alerts as a set present = false, gone_at = current_timestamp::timestamp,
         status = case when a.status in ('待核实', '已说明') then '已消除' else a.status end,
         updated_at = current_timestamp::timestamp
       where ${gone}`,
    );
    const findings = await tx.value<number>('select count(*) from check_merged');
    await tx.run('drop table if exists check_merged');
    await refreshOpenAlertCounts(tx);
    return { opened, reopened, closed, findings };
  });
}

/** Runs the rules and records the alerts. */
export async function runChecks(wh: Warehouse, options: CheckOptions = {}): Promise<CheckResult> {
  const started = Date.now();
  const dir = options.rulesDir ?? RULES_DIR;
  const rules = selectRules(loadRules(dir), options.rules ?? []);
  const overrides = readThresholdOverrides(dir, rules);
  const missing = await missingModels(wh, rules);
  if (missing.length) {
    throw new UserError(
      'CHECK_NEEDS_BUILD',
      `监控规则读取的模型还没有构建: ${missing.join(', ')} (请先运行 fundtrail build)`,
    );
  }
  const asOf = await resolveAsOf(wh, options.asOf);
  const progress = options.progress ?? silentProgress;
  const runId = await wh.value<number>(`select nextval('monitoring.check_run_id_seq')`);
  await wh.run(
    `insert into monitoring.check_runs (run_id, as_of, started_at, status) values ($1, $2::date, current_timestamp::timestamp, 'running')`,
    [runId, asOf],
  );
  await wh.transaction(async (tx) => {
    await tx.run(`delete from meta.check_vars`);
    await tx.run(`insert into meta.check_vars values ('as_of', $1)`, [asOf]);
  });
  await writeThresholdValues(wh, rules, overrides);
  await wh.run(`create or replace temp table check_findings (
      rule_code varchar, level varchar, subject_type varchar, subject_id varchar, region_code varchar,
      amount bigint, detail varchar)`);

  const outcomes: RuleOutcome[] = [];
  progress.start('监控规则', rules.length, '条');
  try {
    for (const rule of rules) {
      outcomes.push(await runRule(wh, rule));
      progress.update(outcomes.length);
    }
  } finally {
    progress.stop();
  }
  await wh.run('create or replace temp table check_ok_rules (rule_code varchar, category varchar, title varchar)');
  const ok = outcomes.filter((o) => o.status === 'ok');
  if (ok.length) {
    await wh.append(
      'check_ok_rules',
      ok.map((o) => [o.code, rules.find((r) => r.code === o.code)?.category ?? '', o.title]),
    );
  }
  const counts = await recordAlerts(wh, runId);
  await wh.append(
    'rule_results',
    outcomes.map((o) => [runId, o.code, o.level, o.status, o.findings, o.ms, o.message ?? null]),
    'monitoring',
  );
  const allOk = ok.length === outcomes.length;
  await wh.run(
    `update monitoring.check_runs set finished_at = current_timestamp::timestamp, status = $2, rules_run = $3,
       findings = $4, opened = $5, reopened = $6, closed = $7
     where run_id = $1`,
    [runId, allOk ? 'done' : 'failed', outcomes.length, counts.findings, counts.opened, counts.reopened, counts.closed],
  );
  await wh.run('drop table if exists check_findings; drop table if exists check_ok_rules');
  return {
    runId,
    asOf,
    ok: allOk,
    rules: outcomes,
    ...counts,
    open: await openAlertCounts(wh),
    ms: Date.now() - started,
  };
}
