/**
 * The alert engine over the fixture warehouse: idempotent alert ids across runs, findings that disappear are
 * closed with an event (never deleted) and reopen under the same id, thresholds overridden per region (the most
 * specific ancestor wins), and the handling workflow with its refusals.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getAlert,
  getAttachment,
  listAlerts,
  openAlertCounts,
  RULES_DIR,
  runChecks,
  transitionAlert,
} from '../../models/monitoring/index.ts';
import { exportKind } from '../../exports/index.ts';
import { isUserError, type Warehouse } from '../../warehouse/index.ts';
import { AS_OF, ID, monitoringWarehouse } from './monitoring.fixture.ts';

const codeOf = async (p: Promise<unknown>): Promise<string | null> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return isUserError(err) ? err.code : err === null ? null : String(err);
};

const alertId = async (wh: Warehouse, rule: string, subject: string): Promise<number> =>
  wh.value<number>('select alert_id from monitoring.alerts where rule_code = $1 and subject_id = $2', [rule, subject]);

describe('alerts', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await monitoringWarehouse();
    await runChecks(wh, { asOf: AS_OF });
  }, 120_000);
  afterAll(() => wh?.closeAll());

  it('keeps every alert id on a second run and writes no new events', async () => {
    const before = await wh.all(
      'select alert_id, rule_code, subject_type, subject_id, region_code from monitoring.alerts order by 1',
    );
    const events = await wh.value<number>('select count(*) from monitoring.alert_events');
    const second = await runChecks(wh, { asOf: AS_OF });
    expect([second.opened, second.reopened, second.closed]).toEqual([0, 0, 0]);
    expect(
      await wh.all(
        'select alert_id, rule_code, subject_type, subject_id, region_code from monitoring.alerts order by 1',
      ),
    ).toEqual(before);
    expect(await wh.value<number>('select count(*) from monitoring.alert_events')).toBe(events);
  });

  it('closes a finding that disappeared with an event, and reopens it under the same id when it comes back', async () => {
    const id = await alertId(wh, 'P08', 'X11');
    await wh.run('delete from raw.officials where person_id = $1', [ID.O]);
    const gone = await runChecks(wh, { asOf: AS_OF, rules: ['P08'] });
    expect(gone.closed).toBe(1);
    let detail = await getAlert(wh, id);
    expect(detail.alert).toMatchObject({ status: '已消除', present: false });
    expect(detail.events.map((e) => e.action)).toEqual(['发现', '消除']);
    await wh.run(
      `insert into raw.officials (person_id, name, employer, region_code, load_id) values ($1, '李官', '财政局', '520101', 1)`,
      [ID.O],
    );
    const back = await runChecks(wh, { asOf: AS_OF, rules: ['P08'] });
    expect([back.opened, back.reopened]).toEqual([0, 1]);
    detail = await getAlert(wh, id);
    expect(detail.alert).toMatchObject({ alert_id: id, status: '待核实', present: true });
    expect(detail.events.map((e) => [e.action, e.from_status, e.to_status])).toEqual([
      ['发现', null, '待核实'],
      ['消除', '待核实', '已消除'],
      ['重新出现', '已消除', '待核实'],
    ]);
  });

  it('leaves the alerts of a rule that failed as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fundtrail-rules-'));
    cpSync(RULES_DIR, dir, { recursive: true });
    writeFileSync(
      join(dir, 'P08.sql'),
      readFileSync(join(RULES_DIR, 'P08.sql'), 'utf8').replace('o.employer', 'o.no_such_column'),
    );
    const r = await runChecks(wh, { asOf: AS_OF, rules: ['P08'], rulesDir: dir });
    expect(r.ok).toBe(false);
    expect(r.rules[0]?.status).toBe('error');
    expect(r.closed).toBe(0);
    expect((await getAlert(wh, await alertId(wh, 'P08', 'X11'))).alert.present).toBe(true);
  });

  it('applies a threshold override to a region and everything below it; the most specific ancestor wins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fundtrail-rules-'));
    cpSync(RULES_DIR, dir, { recursive: true });
    // X01 (50,000 分 in 甲村 520101001001), X12 (乙村 520101001002)
    writeFileSync(
      join(dir, 'thresholds.yml'),
      `regions:\n  '520101':\n    P11: { limit_fen: 40000 }\n  '520101001002':\n    P11: { limit_fen: 9000000 }\n`,
    );
    await runChecks(wh, { asOf: AS_OF, rules: ['P11'], rulesDir: dir });
    const p11 = async (): Promise<string[]> =>
      (await listAlerts(wh, { rule: 'P11', present: true, limit: 100 })).rows.map((a) => a.subject_id).sort();
    expect(await p11()).toEqual(expect.arrayContaining(['X01', 'X15'])); // 甲村: the county's 400 元 limit
    expect(await p11()).not.toContain('X12'); // 乙村: its own 90,000 元 limit wins over the county's
    // An override in the warehouse for 甲村 beats the yml's county value (more specific), and is bound, not SQL.
    await wh.run(
      `insert into meta.rule_thresholds values ('P11', 'limit_fen', '520101001001', '7000000', '管理员', null)`,
    );
    await runChecks(wh, { asOf: AS_OF, rules: ['P11'], rulesDir: dir });
    expect(await p11()).not.toContain('X01');
    expect(await p11()).not.toContain('X15');
    await wh.run(`delete from meta.rule_thresholds`);
    await runChecks(wh, { asOf: AS_OF, rules: ['P11'] });
    expect(await p11()).toEqual(['X15']);
  });

  it('exports the alerts with the columns of contract.md, scoped to a region and below', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fundtrail-alerts-'));
    const { file, rows } = await exportKind(wh, 'alerts', { outDir: dir, region: '520101' });
    const lines = readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'alert_id,rule_code,level,region_code,subject_type,subject_id,amount,detail,status,detected_at',
    );
    expect(rows).toBe((await listAlerts(wh, { region: '520101', limit: 1000 })).total);
    expect(lines.find((l) => l.includes(',P11,') && l.includes(',X15,'))).toContain(',60000.00,');
  });

  it('refuses an unknown threshold in thresholds.yml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fundtrail-rules-'));
    cpSync(RULES_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'thresholds.yml'), `defaults:\n  P11: { limit: 1 }\n`);
    expect(await codeOf(runChecks(wh, { asOf: AS_OF, rules: ['P11'], rulesDir: dir }))).toBe('RULE_THRESHOLDS_INVALID');
  });
});

/** Open alerts by level counted from monitoring.alerts itself, as openAlertCounts lists them. */
async function countedFromAlerts(wh: Warehouse): Promise<{ level: string; open: number }[]> {
  const rows = await wh.all<{ level: string; open: number }>(
    `select level, count(*)::bigint as open from monitoring.alerts where status in ('待核实', '已说明') group by level`,
  );
  return ['red', 'orange', 'yellow', 'blue'].map((level) => ({
    level,
    open: Number(rows.find((r) => r.level === level)?.open ?? 0),
  }));
}

describe('alert handling', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await monitoringWarehouse();
    await runChecks(wh, { asOf: AS_OF });
  }, 120_000);
  afterAll(() => wh?.closeAll());

  const pdf = { fileName: '整改说明.pdf', mediaType: 'application/pdf', content: Buffer.from('%PDF-1.4 说明') };

  it('explains, sends back, explains again and settles a yellow alert, recording who, when and what', async () => {
    const id = await alertId(wh, 'P11', 'X15');
    const openBefore = await openAlertCounts(wh);
    await transitionAlert(wh, {
      alertId: id,
      action: 'explain',
      user: '甲一县财政局',
      comment: '系一次性产业奖补, 经公示',
    });
    await transitionAlert(wh, { alertId: id, action: '退回', user: '市财政局', comment: '请附公示材料' });
    await transitionAlert(wh, {
      alertId: id,
      action: 'explain',
      user: '甲一县财政局',
      comment: '补充公示材料',
      attachments: [pdf],
    });
    const done = await transitionAlert(wh, { alertId: id, action: 'settle', user: '市财政局' });
    expect(done.alert.status).toBe('已办结');
    // the overview's counts (monitoring.open_alert_counts) follow each write: a settled alert is no longer open
    const yellow = (c: { level: string; open: number }[]) => c.find((x) => x.level === 'yellow')!.open;
    expect(yellow(await openAlertCounts(wh))).toBe(yellow(openBefore) - 1);
    expect(await openAlertCounts(wh)).toEqual(await countedFromAlerts(wh));
    expect(done.events.map((e) => [e.action, e.from_status, e.to_status, e.actor])).toEqual([
      ['发现', null, '待核实', '系统'],
      ['说明', '待核实', '已说明', '甲一县财政局'],
      ['退回', '已说明', '待核实', '市财政局'],
      ['说明', '待核实', '已说明', '甲一县财政局'],
      ['办结', '已说明', '已办结', '市财政局'],
    ]);
    expect(done.events.every((e) => typeof e.event_at === 'string')).toBe(true);
    expect(done.attachments).toHaveLength(1);
    const file = await getAttachment(wh, done.attachments[0]!.attachment_id);
    expect(file.content.equals(pdf.content)).toBe(true);
    expect(file.event_id).toBe(done.events[3]!.event_id);
    // a settled alert whose finding is still present stays settled on the next run
    await runChecks(wh, { asOf: AS_OF, rules: ['P11'] });
    expect((await getAlert(wh, id)).alert.status).toBe('已办结');
    expect(await openAlertCounts(wh)).toEqual(await countedFromAlerts(wh));
  });

  it('refuses a wrong transition with a Chinese message, and blue or gone alerts', async () => {
    const id = await alertId(wh, 'P07', 'X03');
    const err = await transitionAlert(wh, { alertId: id, action: 'settle', user: '市财政局' }).catch((e: unknown) => e);
    expect(isUserError(err) && err.code).toBe('ALERT_TRANSITION_REFUSED');
    expect(isUserError(err) && err.message).toContain('当前为「待核实」, 不能办结');
    expect(await codeOf(transitionAlert(wh, { alertId: id, action: 'explain', user: '县' }))).toBe(
      'ALERT_COMMENT_REQUIRED',
    );
    expect(await codeOf(transitionAlert(wh, { alertId: id, action: 'explain', user: '', comment: 'x' }))).toBe(
      'ALERT_TRANSITION_INVALID',
    );
    expect(await codeOf(transitionAlert(wh, { alertId: 999_999, action: 'explain', user: '县', comment: 'x' }))).toBe(
      'ALERT_NOT_FOUND',
    );
    const blue = await alertId(wh, 'DQ05', 'OWN5');
    expect(await codeOf(transitionAlert(wh, { alertId: blue, action: 'explain', user: '县', comment: 'x' }))).toBe(
      'ALERT_NO_HANDLING',
    );
    expect((await getAlert(wh, id)).events).toHaveLength(1);
  });

  it('needs an attachment to explain an orange alert', async () => {
    const id = await alertId(wh, 'P01', 'X05');
    expect(await codeOf(transitionAlert(wh, { alertId: id, action: 'explain', user: '县', comment: '扣回押金' }))).toBe(
      'ALERT_ATTACHMENT_REQUIRED',
    );
    const ok = await transitionAlert(wh, {
      alertId: id,
      action: 'explain',
      user: '县',
      comment: '扣回押金',
      attachments: [pdf],
    });
    expect(ok.alert.status).toBe('已说明');
  });

  it('lists by level, rule, status and region subtree with paging, and counts open alerts by level', async () => {
    const all = await listAlerts(wh, { limit: 1000 });
    const page = await listAlerts(wh, { level: 'red', limit: 3, offset: 2 });
    expect(page.total).toBe(all.rows.filter((a) => a.level === 'red').length);
    expect(page.total).toBeGreaterThan(5);
    expect(page.rows).toHaveLength(3);
    expect(page.rows.every((a) => a.level === 'red')).toBe(true);
    const county = await listAlerts(wh, { region: '520101', limit: 1000 });
    expect(county.rows.length).toBeGreaterThan(0);
    expect(county.rows.every((a) => a.region_code.startsWith('520101'))).toBe(true);
    expect((await listAlerts(wh, { rule: ['P03', 'P04'], limit: 1000 })).rows.map((a) => a.subject_id).sort()).toEqual([
      'X04',
      'X08',
    ]);
    expect((await listAlerts(wh, { status: '已说明' })).rows.map((a) => a.subject_id)).toEqual(['X05']);
    const counts = await openAlertCounts(wh, '520201');
    expect(counts.map((c) => c.level)).toEqual(['red', 'orange', 'yellow', 'blue']);
    const dq = all.rows.filter((a) => a.region_code === '520201' && a.status !== '已办结');
    expect(counts.reduce((s, c) => s + c.open, 0)).toBe(dq.length);
    expect(await codeOf(listAlerts(wh, { level: 'purple' as 'red' }))).toBe('ALERT_QUERY_INVALID');
  });
});
