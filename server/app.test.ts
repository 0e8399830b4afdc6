import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse, listMigrations, migrate } from '../warehouse/index.ts';
import { startServer, type RunningServer } from './server.ts';

/** The newest migration's version: what a migrated warehouse reports. */
const LATEST_SCHEMA = Math.max(...listMigrations().map((m) => m.version));

describe('status page and health API', () => {
  let wh: Warehouse;
  let server: RunningServer;

  beforeAll(async () => {
    wh = await Warehouse.open(':memory:');
    await migrate(wh);
    await wh.run(`insert into meta.loads (load_id, entity, file_name, file_format, status, rows_read, rows_accepted, started_at, finished_at)
      values (41, 'payments', 'demo:payments', 'generated', 'done', 3, 3, timestamp '2024-01-02 03:04:05', timestamp '2024-01-02 03:04:06'),
             (42, 'regions', '<script>x</script>.csv', 'csv', 'refused', 0, 0, timestamp '2024-01-03 00:00:00', null)`);
    await wh.run(`insert into raw.regions (code, name, level, parent_code, load_id) values
      ('100000', '中央', 'central', null, 41), ('580000', '岚川省', 'province', '100000', 41)`);
    await wh.run(`insert into raw.payments (payment_id, pay_month, payable, paid, load_id)
      select 'FF' || i::varchar, '2020-01', 100, 100, 41 from range(1234) t(i)`);
    await wh.run(
      `insert into raw.beneficiaries (person_id, name, load_id) values ('x1', '张三', 41), ('x2', '李四', 41), ('x3', '王五', 41)`,
    );
    server = await startServer(wh, 0);
  });

  afterAll(async () => {
    await server?.close();
    wh?.closeAll();
  });

  it('answers /status with a Chinese HTML page that shows the counts and the last loads', async () => {
    const res = await fetch(new URL('/status', server.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('财政扶贫资金动态监控平台');
    expect(html).toMatch(/data-count="到人到户发放明细">1,234</);
    expect(html).toMatch(/data-count="建档立卡人员">3</);
    expect(html).toMatch(/data-count="区划">2</);
    expect(html).toMatch(/data-count="指标单据">0</);
    expect(html).toContain('demo:payments');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;.csv');
    expect(html).not.toContain('<script>');
    expect(html).toContain('拒收');
    expect(html).toContain(`结构版本: ${LATEST_SCHEMA}`);
    expect(html).toContain('看板');
  });

  it('answers /api/health with JSON', async () => {
    const res = await fetch(new URL('/api/health', server.url));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      schemaVersion: number;
      counts: Record<string, number>;
      lastLoads: { load_id: number }[];
    };
    expect(body.status).toBe('ok');
    expect(body.schemaVersion).toBe(LATEST_SCHEMA);
    expect(body.counts).toEqual({ documents: 0, postings: 0, payments: 1234, people: 3, regions: 2 });
    expect(body.lastLoads.map((l) => l.load_id)).toEqual([42, 41]);
  });

  it('answers unknown paths with the JSON error of contract.md', async () => {
    const res = await fetch(new URL('/api/nope', server.url));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: '接口不存在: GET /api/nope' } });
  });

  it('turns a broken warehouse into a 500 with a JSON error, not a stack trace', async () => {
    const bare = await Warehouse.open(':memory:');
    const broken = await startServer(bare, 0);
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    try {
      const res = await fetch(new URL('/api/health', broken.url));
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: { code: 'INTERNAL_ERROR', message: '服务器内部错误' } });
    } finally {
      process.stderr.write = stderr;
      await broken.close();
      bare.closeAll();
    }
  });

  it('refuses a port that is taken with a user error', async () => {
    await expect(startServer(wh, server.port)).rejects.toMatchObject({ code: 'PORT_IN_USE' });
  });
});
