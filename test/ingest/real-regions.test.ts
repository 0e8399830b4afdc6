/**
 * The real region files of ../shared/data/regions, read from there (never copied into the repo): the public
 * history file (6,823 records, 区划调整 from 新代码) and the four 2023 statistical files (41,352 townships).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/index.ts';
import { expectCountsInvariant, SHARED, tableCounts, testWarehouse, type TestWarehouse } from './ingest.helpers.ts';

const REGIONS = join(SHARED, 'data/regions');
const present = existsSync(REGIONS);
const SKIP_REASON = `跳过: 找不到 ${REGIONS} (../shared 不在仓库旁边)`;
if (!present) console.warn(SKIP_REASON);

describe.skipIf(!present)(`real region files (../shared/data/regions)${present ? '' : ` — ${SKIP_REASON}`}`, () => {
  let t: TestWarehouse;
  beforeAll(async () => {
    t = await testWarehouse();
  });
  afterAll(() => t?.close());

  it('reads the history file as it is: every record accepted, versions and changes of 130521', async () => {
    const s = await ingestFile(t.wh, 'regions', join(REGIONS, 'areacodes-history.csv'));
    expect([s.layout, s.encoding, s.rows_read, s.accepted, s.rejected]).toEqual([
      'areacodes-history',
      'utf-8-bom',
      6823,
      6823,
      0,
    ]);
    await expectCountsInvariant(t.wh, s);
    expect(
      await t.wh.value(`select count(*) from raw.regions where load_id = $1 and row_no is not null`, [s.load_id]),
    ).toBe(6823);

    const xingtai = await t.wh.all(
      `select code, valid_from, valid_to, name, level, parent_code from raw.regions where code = '130521' order by valid_from`,
    );
    expect(xingtai).toEqual([
      { code: '130521', valid_from: 1986, valid_to: 2020, name: '邢台县', level: 'county', parent_code: '130500' },
    ]);
    const changes = await t.wh.all(
      `select old_code, new_code, year, kind from raw.region_changes where old_code = '130521' order by new_code`,
    );
    expect(changes).toEqual([
      { old_code: '130521', new_code: '130502', year: 2020, kind: 'split' },
      { old_code: '130521', new_code: '130503', year: 2020, kind: 'split' },
    ]);
    // 130502 was 桥东区 (1983–2020, renamed in place) and is 襄都区 since 2020: two versions of one code.
    expect(
      await t.wh.all(`select valid_from, valid_to, name from raw.regions where code = '130502' order by valid_from`),
    ).toEqual([
      { valid_from: 1983, valid_to: 2020, name: '桥东区' },
      { valid_from: 2020, valid_to: null, name: '襄都区' },
    ]);
    expect(
      await t.wh.one(`select kind, year from raw.region_changes where old_code = '130502' and new_code = '130502'`),
    ).toEqual({
      kind: 'rename',
      year: 2020,
    });
    // A successor with its own [year]: 120106 红桥区 (in use) gave part of its territory to 120113 in 2020.
    expect(await t.wh.one(`select kind, year from raw.region_changes where old_code = '120106'`)).toEqual({
      kind: 'split',
      year: 2020,
    });
    expect(await t.wh.value(`select count(*) from raw.region_changes`)).toBe(4365);
    // Parents: provinces under 中央 (added), 直辖 districts under their province, counties under their city.
    expect(
      await t.wh.all(
        `select code, parent_code, level from raw.regions where code in ('100000', '110000', '110101') and valid_from in (0, 1981) order by code`,
      ),
    ).toEqual([
      { code: '100000', parent_code: null, level: 'central' },
      { code: '110000', parent_code: '100000', level: 'province' },
      { code: '110101', parent_code: '110000', level: 'county' },
    ]);
    expect(await t.wh.value(`select count(*) from raw.regions where parent_code is null`)).toBe(1);

    const before = await tableCounts(t.wh);
    const again = await ingestFile(t.wh, 'regions', join(REGIONS, 'areacodes-history.csv'));
    expect([again.accepted, again.unchanged]).toEqual([6823, 6823]);
    expect(await tableCounts(t.wh)).toEqual(before);
  });

  it('reads the four statistical files, township codes of 9 digits under their county', async () => {
    const counts: Record<string, number[]> = {};
    for (const f of ['provinces', 'cities', 'areas', 'streets']) {
      const s = await ingestFile(t.wh, '区划', join(REGIONS, `stats-2023-${f}.csv`));
      expect(s.layout).toBe(`stats-${f}`);
      await expectCountsInvariant(t.wh, s);
      counts[f] = [s.rows_read, s.accepted, s.rejected];
    }
    expect(counts).toEqual({
      provinces: [31, 31, 0],
      cities: [342, 342, 0],
      areas: [2978, 2978, 0],
      streets: [41352, 41352, 0],
    });
    expect(await t.wh.value(`select count(*) from raw.regions where level = 'township'`)).toBe(41352);
    expect(await t.wh.one(`select parent_code, level from raw.regions where code = '110101001'`)).toEqual({
      parent_code: '110101',
      level: 'township',
    });
    expect(
      await t.wh.one(`select parent_code, level, name from raw.regions where code = '110100' and valid_from = 0`),
    ).toEqual({
      parent_code: '110000',
      level: 'city',
      name: '市辖区',
    });
  });
});
