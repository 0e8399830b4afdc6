/**
 * The 专员办 audit package: it verifies as written; one altered byte in any file, one removed journal row (with
 * or without a forged manifest) or one altered journal amount makes verify-extract fail and say where; formula-
 * like text comes out inert in CSV and XLSX; an encrypted package verifies only with its passphrase.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAudit, type AuditResult } from '../../exports/audit/audit-package.service.ts';
import { verifyExtract } from '../../exports/audit/extract-verify.service.ts';
import { sha256File } from '../../exports/audit/file-hash.ts';
import type { Manifest } from '../../exports/audit/audit.manifest.ts';
import { MALICIOUS_HOLDER, MALICIOUS_NAME, auditDemo, type AuditFixture } from './audit.fixture.ts';

let fx: AuditFixture;
let pkg: AuditResult;

const fresh = async (tag: string): Promise<string> => mkdtemp(join(tmpdir(), `fundtrail-audit-${tag}-`));

/** A copy of the package to tamper with. */
async function copyOfPackage(): Promise<string> {
  const dir = await fresh('copy');
  cpSync(pkg.dir, dir, { recursive: true });
  return dir;
}

async function rewriteManifestHash(dir: string, path: string): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const entry = manifest.files.find((f) => f.path === path)!;
  Object.assign(entry, await sha256File(join(dir, path)));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
}

beforeAll(async () => {
  fx = await auditDemo();
  pkg = await exportAudit(fx.wh, {
    region: fx.county,
    year: fx.year,
    outDir: join(await fresh('pkg'), 'out'),
    createdBy: 'test',
    xlsxMaxRowsPerSheet: 500,
  });
}, 300_000);

afterAll(() => fx?.wh.closeAll());

describe('the audit package', () => {
  it('holds every table in three formats, the dictionary and a manifest tied to the ledger head', async () => {
    const m = pkg.manifest;
    expect(m.tables.map((t) => t.name)).toEqual([
      'journal',
      'ledger',
      'trace',
      'interlock',
      'alerts',
      'alert_events',
      'payments',
      'people',
      'accounts',
      'projects',
      'chain',
    ]);
    for (const t of m.tables.filter((x) => x.name !== 'chain')) {
      expect(t.rows, t.name).toBeGreaterThan(0);
      for (const f of ['csv', 'xlsx', 'parquet']) expect(m.files.map((x) => x.path)).toContain(`${t.name}.${f}`);
    }
    expect(m.files.map((x) => x.path)).toContain('数据字典.md');
    const head = await fx.wh.one<{ n: number; h: string }>(
      'select count(*)::bigint as n, arg_max(hash, posting_id) as h from ledger.postings',
    );
    expect(m.ledger).toEqual({ postings: Number(head!.n), head_hash: head!.h });
    const journalRows = await fx.wh.value<number>(
      `select count(*) from ledger.postings where budget_year = $1 and region_code in
         (select code from raw.region_closure where ancestor_code = $2)`,
      [fx.year, fx.county],
    );
    expect(m.tables.find((t) => t.name === 'journal')!.rows).toBe(Number(journalRows));
    expect(m.totals.journal_debit_fen).toBe(m.totals.journal_credit_fen);
    expect(readFileSync(join(pkg.dir, '数据字典.md'), 'utf8')).toContain('| person_id | 文本 | 身份证号 (未脱敏) |');
  });

  it('verifies as written', async () => {
    const report = await verifyExtract(pkg.dir);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.contentChecked).toBe(true);
  });

  it('fails on one altered byte in any file, naming the file', async () => {
    const dir = await copyOfPackage();
    for (const f of pkg.manifest.files) {
      const file = join(dir, f.path);
      const original = readFileSync(file);
      const altered = Buffer.from(original);
      const at = Math.floor(altered.length / 2);
      altered[at] = altered[at]! ^ 0x01;
      writeFileSync(file, altered);
      const report = await verifyExtract(dir);
      expect(report.ok, f.path).toBe(false);
      expect(
        report.problems.map((p) => p.file),
        f.path,
      ).toContain(f.path);
      writeFileSync(file, original);
    }
    expect((await verifyExtract(dir)).ok).toBe(true);
  });

  it('fails on one removed journal row and names the posting, even when the manifest hash is forged', async () => {
    const dir = await copyOfPackage();
    const lines = readFileSync(join(dir, 'journal.csv'), 'utf8').split('\r\n');
    const removed = lines.splice(5, 1)[0]!;
    const postingId = removed.split(',')[0]!;
    writeFileSync(join(dir, 'journal.csv'), lines.join('\r\n'));
    const plain = await verifyExtract(dir);
    expect(plain.ok).toBe(false);
    expect(plain.problems.some((p) => p.check === 'hash' && p.file === 'journal.csv')).toBe(true);
    await rewriteManifestHash(dir, 'journal.csv');
    const forged = await verifyExtract(dir);
    expect(forged.ok).toBe(false);
    expect(forged.problems.find((p) => p.check === 'chain')?.where).toBe(`posting_id ${postingId}`);
    expect(forged.problems.map((p) => p.message).join('\n')).toContain(`缺少分录 ${postingId}`);
  });

  it('fails on an altered amount with a forged manifest, naming the posting whose hash breaks', async () => {
    const dir = await copyOfPackage();
    const lines = readFileSync(join(dir, 'journal.csv'), 'utf8').split('\r\n');
    const cells = lines[3]!.split(',');
    const amount = cells[8] === '0.00' ? 9 : 8;
    cells[amount] = (Number(cells[amount]) + 1).toFixed(2);
    lines[3] = cells.join(',');
    writeFileSync(join(dir, 'journal.csv'), lines.join('\r\n'));
    await rewriteManifestHash(dir, 'journal.csv');
    const report = await verifyExtract(dir);
    expect(report.ok).toBe(false);
    const where = report.problems.filter((p) => p.check === 'chain').map((p) => p.where);
    expect(where).toContain(`posting_id ${cells[0]}`);
    expect(report.problems.some((p) => p.check === 'balance')).toBe(true);
  });
});

describe('formula injection', () => {
  it('writes a malicious cell inert in CSV and XLSX', async () => {
    const people = readFileSync(join(pkg.dir, 'people.csv'), 'utf8');
    const accounts = readFileSync(join(pkg.dir, 'accounts.csv'), 'utf8');
    const payments = readFileSync(join(pkg.dir, 'payments.csv'), 'utf8');
    const quoted = (s: string): string => `"'${s.replaceAll('"', '""')}"`;
    expect(people).toContain(quoted(MALICIOUS_NAME));
    expect(payments).toContain(quoted(MALICIOUS_NAME));
    expect(accounts).toContain(`'${MALICIOUS_HOLDER}`);
    for (const text of [people, accounts, payments]) {
      expect(text).not.toMatch(/(^|,)"?[=+]/m);
    }
    for (const [file, value] of [
      ['people.xlsx', MALICIOUS_NAME],
      ['accounts.xlsx', MALICIOUS_HOLDER],
    ] as const) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(join(pkg.dir, file));
      const cells: ExcelJS.CellValue[] = [];
      book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => cells.push(c.value))));
      expect(cells).toContain(`'${value}`);
      expect(cells.some((c) => typeof c === 'object' && c !== null && 'formula' in c)).toBe(false);
    }
  });

  it('splits a large table over further XLSX sheets', async () => {
    const rows = pkg.manifest.tables.find((t) => t.name === 'payments')!.rows;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(pkg.dir, 'payments.xlsx'));
    expect(book.worksheets.map((s) => s.name).slice(0, 2)).toEqual(['payments', 'payments_2']);
    expect(book.worksheets.reduce((s, w) => s + w.rowCount - 1, 0)).toBe(rows);
  });
});

describe('encryption at rest', () => {
  it('encrypts every file but the manifest; verifies hashes without, content only with the passphrase', async () => {
    const out = join(await fresh('enc'), 'out');
    const passphrase = 'correct horse battery staple';
    const enc = await exportAudit(fx.wh, {
      region: fx.county,
      year: fx.year,
      outDir: out,
      createdBy: 'test',
      formats: ['csv', 'parquet'],
      passphrase,
    });
    for (const f of enc.manifest.files) expect(f.encrypted?.path).toBe(`${f.path}.enc`);
    expect(readFileSync(join(out, 'people.csv.enc')).includes(Buffer.from(MALICIOUS_NAME))).toBe(false);
    const without = await verifyExtract(out);
    expect(without).toMatchObject({ ok: true, contentChecked: false });
    const withPass = await verifyExtract(out, { passphrase });
    expect(withPass.problems).toEqual([]);
    expect(withPass.contentChecked).toBe(true);
    const wrong = await verifyExtract(out, { passphrase: 'not the passphrase at all' });
    expect(wrong.ok).toBe(false);
    expect(wrong.problems[0]!.check).toBe('decrypt');
  });

  it('writes files readable by the owner only', async () => {
    const { statSync } = await import('node:fs');
    expect(statSync(pkg.dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(pkg.dir, 'payments.csv')).mode & 0o777).toBe(0o600);
  });
});
