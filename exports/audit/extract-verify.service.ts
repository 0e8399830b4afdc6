/**
 * `verifyExtract(dir)`: re-checks an audit package offline (an in-memory DuckDB reads the files; the
 * warehouse is not needed): the manifest, the SHA-256 of every file, the row counts, debit = credit of the
 * journal and of the 总台账, and the journal's hash chain — each row re-hashed from its own columns, linked to
 * the row before it, tied to chain.csv and to the head recorded in the manifest. Every problem is reported with
 * the file and the posting or row where it is, not only the first.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError, Warehouse, sqlString } from '../../warehouse/index.ts';
import { MANIFEST_FILE, manifestSchema, type Manifest } from './audit.manifest.ts';
import { decryptFile } from './file-crypto.ts';
import { sha256File } from './file-hash.ts';
import { EXTRACT_ROW_HASH_SQL, journalViewSql, unNeutraliseSql } from './extract-chain.sql.ts';

export interface VerifyProblem {
  /** the check: hash, rows, balance, chain, manifest, decrypt */
  check: string;
  file: string;
  /** where: a posting id, a document, a table */
  where?: string | undefined;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  dir: string;
  scope: Manifest['scope'] | null;
  files: number;
  /** content checks skipped (an encrypted package without a passphrase) */
  contentChecked: boolean;
  problems: VerifyProblem[];
}

const MAX_PER_CHECK = 20;
const GENESIS = '0'.repeat(64);

async function readManifest(dir: string): Promise<Manifest> {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) throw new UserError('EXTRACT_NO_MANIFEST', `${dir} 中没有 ${MANIFEST_FILE}: 不是审计数据包`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new UserError('EXTRACT_BAD_MANIFEST', `${MANIFEST_FILE} 不是有效的 JSON (文件被改动?)`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new UserError('EXTRACT_BAD_MANIFEST', `${MANIFEST_FILE} 的内容不完整或被改动: ${where}`);
  }
  return parsed.data;
}

async function checkFiles(dir: string, manifest: Manifest, problems: VerifyProblem[]): Promise<void> {
  const listed = new Set<string>([MANIFEST_FILE]);
  for (const f of manifest.files) {
    const path = f.encrypted?.path ?? f.path;
    const want = f.encrypted?.sha256 ?? f.sha256;
    listed.add(path);
    const file = join(dir, path);
    if (!existsSync(file)) {
      problems.push({ check: 'hash', file: path, message: `${path}: 文件缺失` });
      continue;
    }
    const got = await sha256File(file);
    if (got.sha256 !== want) {
      problems.push({ check: 'hash', file: path, message: `${path}: SHA-256 与 manifest 不符 (文件被改动)` });
    }
  }
  for (const name of await readdir(dir)) {
    if (!listed.has(name)) {
      problems.push({ check: 'manifest', file: name, message: `${name}: 不在 manifest 中 (多出的文件)` });
    }
  }
}

type Db = Warehouse;

async function rowsOf(db: Db, sql: string): Promise<Record<string, unknown>[]> {
  return db.all(`${sql} limit ${MAX_PER_CHECK}`);
}

async function checkCounts(db: Db, dir: string, manifest: Manifest, problems: VerifyProblem[]): Promise<void> {
  const want = new Map(manifest.tables.map((t) => [t.name, t.rows]));
  for (const f of manifest.files) {
    if (f.table === undefined || (f.format !== 'csv' && f.format !== 'parquet')) continue;
    const file = join(dir, f.path);
    if (!existsSync(file)) continue;
    const source =
      f.format === 'csv'
        ? `read_csv(${sqlString(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`
        : `read_parquet(${sqlString(file)})`;
    try {
      const n = Number(await db.value<number>(`select count(*) from ${source}`));
      if (n !== want.get(f.table)) {
        problems.push({
          check: 'rows',
          file: f.path,
          where: f.table,
          message: `${f.path}: ${n} 行, manifest 记录 ${want.get(f.table)} 行`,
        });
      }
    } catch (err) {
      problems.push({
        check: 'rows',
        file: f.path,
        message: `${f.path}: 无法读取 (${(err as Error).message.split('\n')[0]})`,
      });
    }
  }
}

async function checkJournal(
  db: Db,
  path: string,
  file: string,
  format: 'csv' | 'parquet',
  manifest: Manifest,
  chain: boolean,
  problems: VerifyProblem[],
): Promise<void> {
  const add = (check: string, where: string | undefined, message: string) =>
    problems.push({ check, file: path, where, message: `${path}: ${message}` });
  try {
    await db.run(journalViewSql('j', file, format));
    await db.run('create or replace temp table jt as select * from j');
  } catch (err) {
    add('chain', undefined, `无法读取 (${(err as Error).message.split('\n')[0]})`);
    return;
  }
  for (const r of await rowsOf(
    db,
    `select posting_id from jt where hash is distinct from ${EXTRACT_ROW_HASH_SQL} order by posting_id`,
  )) {
    add('chain', `posting_id ${r['posting_id']}`, `分录 ${r['posting_id']} 的哈希与其内容不符 (该行被改动)`);
  }
  for (const r of await rowsOf(
    db,
    `select posting_id from (select posting_id, prev_hash, lag(posting_id) over w as prev_id, lag(hash) over w as prev_row_hash
       from jt window w as (order by posting_id))
     where prev_id = posting_id - 1 and prev_hash is distinct from prev_row_hash order by posting_id`,
  )) {
    add('chain', `posting_id ${r['posting_id']}`, `分录 ${r['posting_id']} 的 prev_hash 与上一分录的哈希不符`);
  }
  for (const r of await rowsOf(db, `select posting_id from jt where posting_id = 1 and prev_hash <> '${GENESIS}'`)) {
    add('chain', `posting_id ${r['posting_id']}`, `第一笔分录的 prev_hash 应为 64 个 0`);
  }
  const totals = await db.one<{ d: number | null; c: number | null }>(
    'select sum(debit)::bigint as d, sum(credit)::bigint as c from jt',
  );
  const d = Number(totals?.d ?? 0);
  const c = Number(totals?.c ?? 0);
  if (d !== c) add('balance', undefined, `借方合计 ${d} 分 ≠ 贷方合计 ${c} 分`);
  if (d !== manifest.totals.journal_debit_fen || c !== manifest.totals.journal_credit_fen) {
    add(
      'balance',
      undefined,
      `借贷合计 (${d} / ${c} 分) 与 manifest 记录 (${manifest.totals.journal_debit_fen} / ${manifest.totals.journal_credit_fen} 分) 不符`,
    );
  }
  for (const r of await rowsOf(
    db,
    `select doc_id, budget_year, sum(debit)::bigint as d, sum(credit)::bigint as c from jt
     group by doc_id, budget_year having sum(debit) <> sum(credit) order by doc_id`,
  )) {
    add(
      'balance',
      `doc_id ${r['doc_id']}`,
      `单据 ${r['doc_id']} (${r['budget_year']} 年度) 借方 ${r['d']} 分 ≠ 贷方 ${r['c']} 分`,
    );
  }
  if (!chain) return;
  for (const r of await rowsOf(
    db,
    `select c.posting_id from ch as c anti join jt using (posting_id) where c.in_scope order by c.posting_id`,
  )) {
    add(
      'chain',
      `posting_id ${r['posting_id']}`,
      `缺少分录 ${r['posting_id']} (哈希链中属于本包范围, 序时账中没有: 该行被删除)`,
    );
  }
  for (const r of await rowsOf(
    db,
    `select j.posting_id from jt as j left join ch as c using (posting_id)
     where c.posting_id is null or not c.in_scope or c.hash <> j.hash order by j.posting_id`,
  )) {
    add('chain', `posting_id ${r['posting_id']}`, `分录 ${r['posting_id']} 与 chain.csv 不符 (不在范围内或哈希不同)`);
  }
  for (const r of await rowsOf(
    db,
    `select j.posting_id from jt as j left join ch as c on c.posting_id = j.posting_id - 1
     where j.prev_hash is distinct from coalesce(c.hash, '${GENESIS}') order by j.posting_id`,
  )) {
    add(
      'chain',
      `posting_id ${r['posting_id']}`,
      `分录 ${r['posting_id']} 的 prev_hash 与 chain.csv 中上一分录的哈希不符`,
    );
  }
}

async function checkChainFile(db: Db, dir: string, manifest: Manifest, problems: VerifyProblem[]): Promise<boolean> {
  const file = join(dir, 'chain.csv');
  if (!existsSync(file)) return false;
  try {
    await db.run(`create or replace temp table ch as
      select posting_id::bigint as posting_id, ${unNeutraliseSql('hash')} as hash, in_scope::boolean as in_scope
      from read_csv(${sqlString(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`);
  } catch (err) {
    problems.push({
      check: 'chain',
      file: 'chain.csv',
      message: `chain.csv: 无法读取 (${(err as Error).message.split('\n')[0]})`,
    });
    return false;
  }
  const s = await db.one<{ n: number; mx: number | null; head: string | null }>(
    `select count(*)::bigint as n, max(posting_id) as mx, arg_max(hash, posting_id) as head from ch`,
  );
  const n = Number(s?.n ?? 0);
  if (n !== manifest.ledger.postings || Number(s?.mx ?? 0) !== n) {
    problems.push({
      check: 'chain',
      file: 'chain.csv',
      message: `chain.csv: ${n} 笔分录 (最大编号 ${s?.mx}), manifest 记录链长 ${manifest.ledger.postings}`,
    });
  }
  if (n > 0 && s?.head !== manifest.ledger.head_hash) {
    problems.push({
      check: 'chain',
      file: 'chain.csv',
      where: `posting_id ${s?.mx}`,
      message: `chain.csv: 链头哈希与 manifest 不符`,
    });
  }
  return true;
}

async function checkLedger(db: Db, dir: string, manifest: Manifest, problems: VerifyProblem[]): Promise<void> {
  for (const f of manifest.files.filter(
    (x) => x.table === 'ledger' && (x.format === 'csv' || x.format === 'parquet'),
  )) {
    const file = join(dir, f.path);
    if (!existsSync(file)) continue;
    const source =
      f.format === 'csv'
        ? `(select (debit::decimal(18, 2) * 100)::bigint as debit, (credit::decimal(18, 2) * 100)::bigint as credit
            from read_csv(${sqlString(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"'))`
        : `(select (debit * 100)::bigint as debit, (credit * 100)::bigint as credit from read_parquet(${sqlString(file)}))`;
    try {
      const t = await db.one<{ d: number | null; c: number | null }>(
        `select sum(debit)::bigint as d, sum(credit)::bigint as c from ${source}`,
      );
      const d = Number(t?.d ?? 0);
      const c = Number(t?.c ?? 0);
      if (d !== c)
        problems.push({ check: 'balance', file: f.path, message: `${f.path}: 借方合计 ${d} 分 ≠ 贷方合计 ${c} 分` });
    } catch (err) {
      problems.push({
        check: 'balance',
        file: f.path,
        message: `${f.path}: 无法读取 (${(err as Error).message.split('\n')[0]})`,
      });
    }
  }
}

async function checkContent(dir: string, manifest: Manifest, problems: VerifyProblem[]): Promise<void> {
  const db = await Warehouse.open(':memory:', { threads: 2 });
  try {
    await checkCounts(db, dir, manifest, problems);
    const chain = await checkChainFile(db, dir, manifest, problems);
    for (const f of manifest.files.filter((x) => x.table === 'journal')) {
      if (f.format !== 'csv' && f.format !== 'parquet') continue;
      const file = join(dir, f.path);
      if (existsSync(file)) await checkJournal(db, f.path, file, f.format, manifest, chain, problems);
    }
    await checkLedger(db, dir, manifest, problems);
  } finally {
    db.closeAll();
  }
}

export async function verifyExtract(
  dirIn: string,
  options: { passphrase?: string | undefined } = {},
): Promise<VerifyReport> {
  const dir = resolve(dirIn);
  if (!existsSync(dir)) throw new UserError('EXTRACT_NOT_FOUND', `目录 ${dir} 不存在`, 2);
  const manifest = await readManifest(dir);
  const problems: VerifyProblem[] = [];
  await checkFiles(dir, manifest, problems);
  let contentChecked = false;
  if (manifest.encryption === null) {
    await checkContent(dir, manifest, problems);
    contentChecked = true;
  } else if (options.passphrase !== undefined) {
    const plain = await mkdtemp(join(tmpdir(), 'fundtrail-verify-'));
    try {
      for (const f of manifest.files) {
        if (!f.encrypted || !existsSync(join(dir, f.encrypted.path))) continue;
        try {
          await decryptFile(join(dir, f.encrypted.path), join(plain, f.path), options.passphrase);
        } catch (err) {
          problems.push({ check: 'decrypt', file: f.encrypted.path, message: (err as Error).message });
          continue;
        }
        if ((await sha256File(join(plain, f.path))).sha256 !== f.sha256) {
          problems.push({ check: 'hash', file: f.path, message: `${f.path}: 解密后的 SHA-256 与 manifest 不符` });
        }
      }
      await checkContent(plain, manifest, problems);
      contentChecked = true;
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  }
  return {
    ok: problems.length === 0,
    dir,
    scope: manifest.scope,
    files: manifest.files.length,
    contentChecked,
    problems,
  };
}
