/**
 * In-flow (事中) checks: the red rules that guard a document or a payment stop it while it is registered — one
 * candidate at a time (the server's registration) and in the batch ingest of indicator documents, where the
 * stopped row is rejected with E_RULE_<code> and the rest of the file posts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, type DocumentGuard, type RowGuard } from '../../ingest/index.ts';
import {
  checkDocumentInFlow,
  checkPaymentInFlow,
  guardStagedDocuments,
  guardStagedPayments,
  loadRules,
  parseRuleFile,
  runChecks,
  type CandidateDocument,
  type CandidatePayment,
} from '../../models/monitoring/index.ts';
import type { Warehouse } from '../../warehouse/index.ts';
import { ID, monitoringWarehouse } from './monitoring.fixture.ts';

const t04 = (over: Partial<CandidateDocument>): CandidateDocument => ({
  doc_id: 'NEW1',
  txn_code: 'T04',
  region_code: '520101',
  budget_year: 2020,
  doc_date: '2020-07-01',
  amount: 100_000,
  source_doc_id: 'K20',
  project_code: 'XM7',
  project_name: '甲乡乙村农村人饮安全巩固提升工程',
  func_subject: '2130505',
  econ_subject: '31005',
  ...over,
});

const pay = (over: Partial<CandidatePayment>): CandidatePayment => ({
  payment_id: 'Y1',
  doc_id: 'PROG',
  person_id: ID.A,
  name: '张甲',
  village_code: '520101001001',
  project_code: 'XM9',
  pay_month: '2020-08',
  payable: 50_000,
  paid: 50_000,
  account_no: 'ACC1',
  ...over,
});

const codes = (reasons: { code: string }[]): string[] => reasons.map((r) => r.code);

describe('in-flow checks', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await monitoringWarehouse();
  }, 120_000);
  afterAll(() => wh?.closeAll());

  it('stops a T04 of a poverty fund outside 21305 or under a barred subject (M06), the fund inherited from its source', async () => {
    expect(await checkDocumentInFlow(wh, t04({}))).toEqual([]);
    const outside = await checkDocumentInFlow(wh, t04({ func_subject: '2010301' }));
    expect(codes(outside)).toEqual(['E_RULE_M06']);
    expect(outside[0]?.message).toContain('M06 支付范围不符');
    expect(outside[0]?.message).toContain('2010301');
    expect(codes(await checkDocumentInFlow(wh, t04({ econ_subject: '30217' })))).toEqual(['E_RULE_M06']);
  });

  it('stops a red correction that takes a document below its payment detail (M05), not one without detail', async () => {
    const detail = await wh.value<number>(`select sum(paid)::bigint from raw.payments where doc_id = 'PROG'`);
    const correction = (corrects: string): CandidateDocument => ({
      doc_id: `T09-${corrects}`,
      txn_code: 'T09',
      region_code: '520101',
      budget_year: 2020,
      doc_date: '2020-12-20',
      amount: -10_000,
      corrects_doc_id: corrects,
    });
    expect(detail).toBeGreaterThan(0);
    expect(codes(await checkDocumentInFlow(wh, correction('PROG')))).toEqual(['E_RULE_M05']);
    expect(await checkDocumentInFlow(wh, correction('PROG4'))).toEqual([]);
  });

  it('stops a repeated, posthumous, official or own-funds-account payment; a next month for the same person passes', async () => {
    expect(await checkPaymentInFlow(wh, pay({}))).toEqual([]);
    expect(codes(await checkPaymentInFlow(wh, pay({ person_id: ID.B, name: '张乙', pay_month: '2020-01' })))).toEqual([
      'E_RULE_P03',
    ]);
    expect(codes(await checkPaymentInFlow(wh, pay({ person_id: ID.D, name: '张丁', pay_month: '2020-05' })))).toEqual([
      'E_RULE_P04',
    ]);
    expect(codes(await checkPaymentInFlow(wh, pay({ person_id: ID.O, name: '李官' })))).toEqual(['E_RULE_P08']);
    expect(codes(await checkPaymentInFlow(wh, pay({ account_no: 'ACC9' })))).toEqual(['E_RULE_A01']);
    expect(await checkPaymentInFlow(wh, pay({ account_no: 'ACC9', doc_id: 'PRJ1' }))).toEqual([]);
  });

  it("reads A01's account kinds of the payee's region: an override there lets the payment through", async () => {
    expect(codes(await checkPaymentInFlow(wh, pay({ account_no: 'ACC9' })))).toEqual(['E_RULE_A01']);
    await wh.run(
      `insert into meta.rule_thresholds values ('A01', 'account_kinds', '520101001001', '其他账户', '管理员', null)`,
    );
    try {
      await runChecks(wh, { rules: ['A01'] });
      expect(await checkPaymentInFlow(wh, pay({ account_no: 'ACC9' }))).toEqual([]);
      // another village keeps the default
      expect(codes(await checkPaymentInFlow(wh, pay({ account_no: 'ACC9', village_code: '520101001002' })))).toEqual([
        'E_RULE_A01',
      ]);
    } finally {
      await wh.run(`delete from meta.rule_thresholds where rule_code = 'A01'`);
      await runChecks(wh, { rules: ['A01'] });
    }
    expect(codes(await checkPaymentInFlow(wh, pay({ account_no: 'ACC9' })))).toEqual(['E_RULE_A01']);
  });

  it('rejects a red row of an indicators file with its rule and reason, and posts the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fundtrail-inflow-'));
    const file = join(dir, '指标.csv');
    writeFileSync(
      file,
      [
        'doc_id,txn_code,region_code,budget_year,doc_date,doc_no,source_doc_id,project_code,project_name,func_subject,econ_subject,amount',
        'GOOD1,T04,520101,2020,2020-07-01,甲一财农〔2020〕40号,K20,XM7,甲乡乙村农村人饮安全巩固提升工程,2130505,31005,1000.00',
        'BAD1,T04,520101,2020,2020-07-01,甲一财农〔2020〕41号,K20,XM8,甲一县行政运行保障项目,2010301,30299,500.00',
        '',
      ].join('\n'),
    );
    const guard: DocumentGuard = async (w, stage) =>
      (await guardStagedDocuments(w, stage)).map((r) => ({ seq: r.seq, code: r.code, message: r.message }));
    const summary = await ingestFile(wh, 'indicators', file, { documentGuard: guard, rejectsDir: null });
    expect([summary.rows_read, summary.accepted, summary.rejected]).toEqual([2, 1, 1]);
    expect(await wh.value<number>(`select count(*) from ledger.documents where doc_id in ('GOOD1', 'BAD1')`)).toBe(1);
    const reject = await wh.one<{ row_no: number; error_code: string; message: string }>(
      `select row_no, error_code, message from meta.rejects where load_id = $1`,
      [summary.load_id],
    );
    expect(reject).toMatchObject({ row_no: 3, error_code: 'E_RULE_M06' });
    expect(reject?.message).toMatch(/^第 3 行: 红色监控规则拦截: M06 支付范围不符: /);
  });
});

describe('in-flow checks of a payments file', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await monitoringWarehouse();
  }, 120_000);

  it('rejects a posthumous and a repeated payment of the file with their rules, stores the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fundtrail-inflow-pay-'));
    const file = join(dir, '发放明细.csv');
    const head = 'payment_id,doc_id,project_code,person_id,name,village_code,pay_month,payable,paid,account_no';
    const row = (id: string, person: string, name: string, month: string): string =>
      [id, 'PROG', 'XM9', person, name, '520101001001', month, '500.00', '500.00', 'ACC1'].join(',');
    writeFileSync(
      file,
      [
        head,
        row('F1', ID.A, '张甲', '2020-08'),
        row('F2', ID.D, '张丁', '2020-05'),
        row('F3', ID.A, '张甲', '2020-09'),
        row('F4', ID.A, '张甲', '2020-09'),
        '',
      ].join('\n'),
    );
    const guard: RowGuard = async (w, relation) =>
      (await guardStagedPayments(w, relation)).map((r) => ({ seq: r.seq, code: r.code, message: r.message }));
    const summary = await ingestFile(wh, 'payments', file, { paymentGuard: guard, rejectsDir: null });
    expect([summary.rows_read, summary.accepted, summary.rejected]).toEqual([4, 2, 2]);
    const stored = await wh.all<{ payment_id: string }>(
      `select payment_id from raw.payments where payment_id in ('F1', 'F2', 'F3', 'F4') order by 1`,
    );
    expect(stored.map((r) => r.payment_id)).toEqual(['F1', 'F3']);
    const rejects = await wh.all<{ row_no: number; error_code: string; message: string }>(
      `select row_no, error_code, message from meta.rejects where load_id = $1 order by row_no`,
      [summary.load_id],
    );
    expect(rejects.map((r) => [r.row_no, r.error_code])).toEqual([
      [3, 'E_RULE_P04'],
      [5, 'E_RULE_P03'],
    ]);
    expect(rejects[0]?.message).toMatch(/^第 3 行: 红色监控规则拦截: P04 /);
  });
});

describe('in-flow rules by 交易令', () => {
  const header = (extra: string): string =>
    [
      '-- code: M99',
      '-- title: 测试',
      '-- level: red',
      '-- category: 资金流向',
      '-- subject: document',
      '-- description: a test rule',
      extra,
      "select 'document' as subject_type, 'x' as subject_id, '1' as region_code, 0 as amount, 'x' as detail",
      '-- @in_flow',
      'select doc_id as subject_id, doc_id as detail from candidate_documents',
    ].join('\n');

  it('reads in_flow_txn_codes for document rules and refuses it elsewhere', () => {
    const ok = parseRuleFile(header('-- in_flow: document\n-- in_flow_txn_codes: [T09]'), 'M99.sql');
    expect('rule' in ok && ok.rule.inFlowTxnCodes).toEqual(['T09']);
    const bad = parseRuleFile(header('-- in_flow: document\n-- in_flow_txn_codes: [T99]'), 'M99.sql');
    expect('problems' in bad).toBe(true);
  });

  it('marks M05 for red corrections and M06 for T04s only', () => {
    const rules = loadRules();
    expect(rules.find((r) => r.code === 'M05')?.inFlowTxnCodes).toEqual(['T09']);
    expect(rules.find((r) => r.code === 'M06')?.inFlowTxnCodes).toEqual(['T04']);
  });
});
