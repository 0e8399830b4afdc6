import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Warehouse, kyselyFor, migrate, sqlIdent } from './index.ts';

describe('warehouse boundary', () => {
  it('converts BIGINT, HUGEINT sums, DECIMAL and DATE to plain JS values', async () => {
    const wh = await Warehouse.open(':memory:');
    const row = await wh.one(
      `select 123456789012::bigint as b, sum(x)::hugeint as h, 1.25::decimal(9,2) as d,
              date '2020-02-29' as dt, timestamp '2020-01-02 03:04:05' as ts
       from (values (1::bigint), (2::bigint)) t(x)`,
    );
    expect(row).toEqual({ b: 123456789012, h: 3, d: 1.25, dt: '2020-02-29', ts: '2020-01-02T03:04:05.000Z' });
    await expect(wh.one('select (2::hugeint ** 60)::hugeint as big')).rejects.toThrow(/安全范围/);
    wh.closeAll();
  });

  it('binds integer parameters as BIGINT and streams with a limit', async () => {
    const wh = await Warehouse.open(':memory:');
    expect(await wh.value('select $1::bigint + 1 as v', [9007199254740990])).toBe(9007199254740991);
    let n = 0;
    for await (const batch of wh.stream('select * from range(10000)', [], { limit: 2500 })) n += batch.length;
    expect(n).toBe(2500);
    wh.closeAll();
  });

  it('rolls a failed transaction back whole', async () => {
    const wh = await Warehouse.open(':memory:');
    await wh.run('create table t (x integer)');
    await expect(
      wh.transaction(async (tx) => {
        await tx.run('insert into t values (1)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await wh.value('select count(*) from t')).toBe(0);
    wh.closeAll();
  });

  it('migrates idempotently', async () => {
    const wh = await Warehouse.open(':memory:');
    const first = await migrate(wh);
    expect(first.applied.length).toBeGreaterThan(0);
    const second = await migrate(wh);
    expect(second.applied).toEqual([]);
    expect(await wh.value('select count(*) from ledger.accounts')).toBe(9);
    wh.closeAll();
  });

  it('checks identifiers', () => {
    expect(sqlIdent('raw.payments')).toBe('"raw"."payments"');
    expect(() => sqlIdent('x; drop table y')).toThrow();
  });
});

describe('Kysely dialect', () => {
  it('returns rows for a single column named count (where kysely-duckdb returns none)', async () => {
    const wh = await Warehouse.open(':memory:');
    await migrate(wh);
    const db = kyselyFor(wh);
    const rows = await db
      .selectFrom('ledger.accounts')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .execute();
    expect(rows).toEqual([{ count: 9 }]);
    const res = await db
      .insertInto('meta.demo_anomalies')
      .values({ rule_code: 'P03', subject_type: 'payment', subject_id: 'x', note: null })
      .executeTakeFirst();
    expect(res.numInsertedOrUpdatedRows).toBe(1n);
    const out = await sql<{ v: number }>`select ${41} + 1 as v`.execute(db);
    expect(out.rows).toEqual([{ v: 42 }]);
    wh.closeAll();
  });

  it('keeps a Kysely transaction on one connection', async () => {
    const wh = await Warehouse.open(':memory:');
    await migrate(wh);
    const db = kyselyFor(wh);
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('meta.demo_anomalies')
          .values({ rule_code: 'A', subject_type: 's', subject_id: '1', note: null })
          .execute();
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await wh.value('select count(*) from meta.demo_anomalies')).toBe(0);
    wh.closeAll();
  });
});

describe('region tree views', () => {
  it('walks every region up to 中央, a region being its own ancestor', async () => {
    const wh = await Warehouse.open(':memory:');
    await migrate(wh);
    await wh.run(`insert into raw.regions (code, valid_from, valid_to, name, level, parent_code, load_id) values
      ('100000', 0, null, '中央', 'central', null, 0),
      ('520000', 0, null, '某省', 'province', '100000', 0),
      ('520100', 0, null, '某市', 'city', '520000', 0),
      ('520102', 0, 2015, '旧县', 'county', '520100', 0),
      ('520102', 2015, null, '新县', 'county', '520100', 0)`);
    const rows = await wh.all(
      `select ancestor_code, depth from raw.region_closure where code = '520102' order by depth`,
    );
    expect(rows).toEqual([
      { ancestor_code: '520102', depth: 0 },
      { ancestor_code: '520100', depth: 1 },
      { ancestor_code: '520000', depth: 2 },
      { ancestor_code: '100000', depth: 3 },
    ]);
    expect(await wh.value(`select name from raw.region_current where code = '520102'`)).toBe('新县');
    wh.closeAll();
  });
});

describe('warehouse files', () => {
  it('opens a file named like one of our schemas (ledger.duckdb) and keeps its data across sessions', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ft-wh-'));
    try {
      const path = join(dir, 'ledger.duckdb');
      const wh = await Warehouse.open(path);
      await migrate(wh);
      await wh.append('demo_anomalies', [['P03', 'payment', 'x', null]], 'meta');
      expect(await wh.value('select count(*) from ledger.accounts')).toBe(9);
      wh.closeAll();
      const again = await Warehouse.open(path);
      expect(await again.value('select count(*) from meta.demo_anomalies')).toBe(1);
      again.closeAll();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the warehouse file readable by its owner only (0600)', async () => {
    const { mkdtempSync, rmSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ft-wh-'));
    try {
      const path = join(dir, 'open.duckdb');
      (await Warehouse.open(path)).closeAll();
      expect(statSync(path).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('money in SQL', () => {
  it('formats 分 as 元 with two decimals, exactly, signed', async () => {
    const { yuanTextSql } = await import('./money.sql.ts');
    const wh = await Warehouse.open(':memory:');
    const rows = await wh.all<{ t: string }>(
      `select ${yuanTextSql('f')} as t from (values (5::bigint), (-5), (0), (-300000), (100000000000), (9007199254740991)) v(f)`,
    );
    expect(rows.map((r) => r.t)).toEqual(['0.05', '-0.05', '0.00', '-3000.00', '1000000000.00', '90071992547409.91']);
    wh.closeAll();
  });
});

describe('cell safety', () => {
  it('neutralises formula cells; keeps plain numbers only when asked', async () => {
    const { neutraliseText } = await import('./cell-safety.ts');
    const cells = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", '@SUM(1)', '\t=1', '-12.50', '普通'];
    expect(cells.map((c) => neutraliseText(c))).toEqual([
      `'=HYPERLINK("http://x","y")`,
      "'+cmd|' /C calc'!A0",
      "'@SUM(1)",
      "'\t=1",
      "'-12.50",
      '普通',
    ]);
    expect(cells.map((c) => neutraliseText(c, { keepNumbers: true }))[3]).toBe("'\t=1");
    expect(neutraliseText('-12.50', { keepNumbers: true })).toBe('-12.50');
    expect(neutraliseText('-1+cmd', { keepNumbers: true })).toBe("'-1+cmd");
  });
});
