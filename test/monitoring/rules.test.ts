/**
 * Every rule of the catalogue: one case that fires and one near-miss that stays quiet (monitoring.md), over the
 * fixture warehouse of monitoring.fixture.ts, checked as of 2020-12-31 by the real engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE_CODES, loadRules, runChecks, type CheckResult } from '../../models/monitoring/index.ts';
import type { Warehouse } from '../../warehouse/index.ts';
import { AS_OF, ID, monitoringWarehouse, RULE_CASES } from './monitoring.fixture.ts';

describe('monitoring rules: one case that fires, one near-miss that does not', () => {
  let wh: Warehouse;
  let result: CheckResult;
  let found: Map<string, Set<string>>;

  beforeAll(async () => {
    wh = await monitoringWarehouse();
    result = await runChecks(wh, { asOf: AS_OF });
    const rows = await wh.all<{ rule_code: string; subject_id: string }>(
      'select rule_code, subject_id from monitoring.alerts where present',
    );
    found = new Map();
    for (const r of rows) found.set(r.rule_code, (found.get(r.rule_code) ?? new Set()).add(r.subject_id));
  }, 120_000);
  afterAll(() => wh?.closeAll());

  it('has a rule file for every code of the catalogue, and a case for every rule', () => {
    expect(loadRules().map((r) => r.code)).toEqual([...CATALOGUE_CODES]);
    expect(RULE_CASES.map((c) => c[0])).toEqual([...CATALOGUE_CODES]);
    expect(result.rules.filter((r) => r.status !== 'ok')).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each(RULE_CASES)('%s fires on %s and stays quiet on %s (%s)', (rule, fire, quiet) => {
    const subjects = found.get(rule) ?? new Set<string>();
    expect(subjects.has(fire), `${rule} should find ${fire}; found ${[...subjects].join(', ')}`).toBe(true);
    expect(subjects.has(quiet), `${rule} should not find ${quiet}`).toBe(false);
  });

  it('P02 names the register person with the invalid ID, and M03 raises an idle balance of 180+ days to orange', async () => {
    expect(found.get('P02')?.has(ID.E)).toBe(true);
    expect(found.get('P02')?.has(ID.A)).toBe(false);
    const m03 = await wh.one<{ level: string }>(
      `select level from monitoring.alerts where rule_code = 'M03' and subject_id = 'PRJ1'`,
    );
    expect(m03?.level).toBe('orange');
  });

  it('records each finding with its region, amount in 分 and a Chinese detail', async () => {
    const p11 = await wh.one<{ region_code: string; amount: number; detail: string; level: string; title: string }>(
      `select region_code, amount, detail, level, title from monitoring.alerts where rule_code = 'P11' and subject_id = 'X15'`,
    );
    expect(p11).toMatchObject({ region_code: '520101001001', amount: 6_000_000, level: 'yellow', title: '大额转个人' });
    expect(p11?.detail).toContain('60000.00 元');
    const l01 = await wh.one<{ amount: number; region_code: string }>(
      `select amount, region_code from monitoring.alerts where rule_code = 'L01' and subject_id = 'TOK'`,
    );
    expect(l01).toEqual({ amount: 100_000_000, region_code: '520101' });
  });
});
