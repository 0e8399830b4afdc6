/**
 * The region layouts other than the standard one, on small readable fixtures (the real files are in
 * real-regions.test.ts): the history file's versions, parents and 区划调整, and the statistical files' codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/index.ts';
import { expectCountsInvariant, fixture, rejectsOf, testWarehouse, type TestWarehouse } from './ingest.helpers.ts';

let t: TestWarehouse;
beforeAll(async () => {
  t = await testWarehouse();
});
afterAll(() => t.close());

describe('history layout', () => {
  it('derives levels, parents, validity and one change per successor with its kind', async () => {
    const s = await ingestFile(t.wh, 'regions', fixture('areacodes-history-small.csv'));
    expect([s.layout, s.rows_read, s.accepted, s.rejected]).toEqual(['areacodes-history', 10, 8, 2]);
    expect((await rejectsOf(t.wh, s.load_id)).map((r) => [r.row_no, r.column_name, r.error_code])).toEqual([
      [10, '新代码', 'E_SUCCESSOR_YEAR_MISSING'],
      [11, '新代码', 'E_SUCCESSOR_FORMAT'],
    ]);
    await expectCountsInvariant(t.wh, s);
    expect(
      await t.wh.all(
        `select code, level, parent_code, valid_from, valid_to from raw.regions where code in ('100000', '520000', '520100', '522301', '520112') order by code`,
      ),
    ).toEqual([
      { code: '100000', level: 'central', parent_code: null, valid_from: 0, valid_to: null },
      { code: '520000', level: 'province', parent_code: '100000', valid_from: 1981, valid_to: null },
      { code: '520100', level: 'city', parent_code: '520000', valid_from: 1981, valid_to: null },
      { code: '520112', level: 'county', parent_code: '520100', valid_from: 1981, valid_to: 1990 },
      { code: '522301', level: 'county', parent_code: '520000', valid_from: 1987, valid_to: 2000 },
    ]);
    expect(
      JSON.parse(String(await t.wh.value(`select cast(extra as varchar) from raw.regions where code = '522301'`))),
    ).toEqual({
      一级行政区: '贵州省',
      二级行政区: '黔西南州',
      状态: '弃用',
      新代码: '520102;520111',
    });
    expect(
      await t.wh.all(
        `select old_code, new_code, year, kind, share from raw.region_changes order by old_code, new_code`,
      ),
    ).toEqual([
      { old_code: '520111', new_code: '520115', year: 2000, kind: 'split', share: null },
      { old_code: '520112', new_code: '520111', year: 1990, kind: 'merge', share: null },
      { old_code: '520113', new_code: '520113', year: 1995, kind: 'rename', share: null },
      { old_code: '520114', new_code: '520115', year: 2012, kind: 'recode', share: null },
      { old_code: '522301', new_code: '520102', year: 2000, kind: 'split', share: null },
      { old_code: '522301', new_code: '520111', year: 2000, kind: 'split', share: null },
    ]);
    expect(s.region_changes).toEqual({ inserted: 6, replaced: 0, unchanged: 0 });
  });
});

describe('statistical layout', () => {
  it('pads 2- and 4-digit codes and takes parents from the *Code columns', async () => {
    const p = await ingestFile(t.wh, 'regions', t.file('provinces.csv', 'code,name\n52,"贵州省"\n'));
    const c = await ingestFile(
      t.wh,
      'regions',
      t.file('cities.csv', 'code,name,provinceCode\n5201,"贵阳市",52\n5223,"黔西南布依族苗族自治州",52\n'),
    );
    const st = await ingestFile(
      t.wh,
      'regions',
      t.file(
        'streets.csv',
        'code,name,areaCode,provinceCode,cityCode\n520102001,"遵义路街道",520102,52,5201\n5201020X1,"坏",520102,52,5201\n',
      ),
    );
    expect([p.layout, c.layout, st.layout]).toEqual(['stats-provinces', 'stats-cities', 'stats-streets']);
    expect([p.accepted, c.accepted, st.accepted, st.rejected]).toEqual([1, 2, 1, 1]);
    expect(
      await t.wh.all(
        `select code, level, parent_code from raw.regions where valid_from = 0 and code in ('520000', '520100', '522300', '520102001') order by code`,
      ),
    ).toEqual([
      { code: '520000', level: 'province', parent_code: '100000' },
      { code: '520100', level: 'city', parent_code: '520000' },
      { code: '520102001', level: 'township', parent_code: '520102' },
      { code: '522300', level: 'city', parent_code: '520000' },
    ]);
    expect((await rejectsOf(t.wh, st.load_id)).map((r) => [r.row_no, r.column_name, r.error_code])).toEqual([
      [3, 'code', 'E_REGION_CODE_FORMAT'],
    ]);
  });
});
