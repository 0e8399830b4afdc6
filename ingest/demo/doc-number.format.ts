/**
 * 文号 (document numbers) of the demo: clean ones follow GB/T 9704-2012 §7.2.5 — 机关代字〔年份〕序号号, the
 * year in 六角括号, the number without leading zeros and without 第 — and the defective ones of monitoring.md
 * (DQ01–DQ06) built from the catalogue's own examples and variants of them. Project names likewise (DQ11–DQ14).
 */
import type { SeededRandom } from './seeded-random.ts';

const at = (list: readonly string[], i: number): string => list[i % list.length] ?? '';

/** A clean 文号: e.g. 青溪财农〔2020〕12号 (中央: 财农〔2019〕158号). */
export function docNumber(issuer: string, mark: string, year: number, n: number): string {
  return `${issuer}${mark}〔${year}〕${n}号`;
}

/** The pattern every clean 文号 of the demo matches (tests hold the generator to it). */
export const CLEAN_DOC_NO = /^[\u4e00-\u9fa5]{0,4}财(农|教|资环)〔(19|20)\d{2}〕[1-9]\d*号$/u;

export type DocNoDefect = 'DQ01' | 'DQ02' | 'DQ03' | 'DQ05' | 'DQ06';

export interface DocNoContext {
  issuer: string;
  mark: string;
  year: number;
  n: number;
  regionName: string;
  fundName: string;
}

/** A defective 文号 of the given kind (DQ04, the upper level's 文号, is made by the document builder). */
export function defectiveDocNo(kind: DocNoDefect, ctx: DocNoContext, rng: SeededRandom, key: string): string | null {
  const v = rng.int(0, 4, 'dq-variant', kind, key);
  switch (kind) {
    case 'DQ01':
      return null;
    case 'DQ02': {
      const titles = [
        `${ctx.regionName}教育局关于落实${ctx.year - 2}年建档立卡学生市级配套资金的请示`,
        `${ctx.regionName}扶贫开发办公室关于申请${ctx.year}年产业扶贫资金的请示`,
        `${ctx.regionName}财政局关于下达${ctx.year}年${ctx.fundName}的报告`,
        `关于${ctx.regionName}${ctx.year}年脱贫攻坚项目资金安排的会议纪要`,
        `关于拨付${ctx.year}年${ctx.fundName}的函`,
      ];
      return at(titles, v);
    }
    case 'DQ03': {
      const numbers = [
        '2-14-80',
        '177',
        '523',
        `${rng.int(1, 9, 'dq3a', key)}-${rng.int(10, 30, 'dq3b', key)}-${rng.int(10, 99, 'dq3c', key)}`,
        String(rng.int(10, 999, 'dq3d', key)),
      ];
      return at(numbers, v);
    }
    case 'DQ05': {
      const forms = [
        `${ctx.issuer}${ctx.mark}[${ctx.year}]${ctx.n}号`,
        `${ctx.issuer}${ctx.mark}（${ctx.year}）${ctx.n}号`,
        `${ctx.issuer}${ctx.mark}〔${ctx.year}〕0${ctx.n}号`,
        `${ctx.issuer}${ctx.mark}〔${ctx.year}〕第${ctx.n}号`,
        `${ctx.issuer}${ctx.mark}【${ctx.year}】${ctx.n}号`,
      ];
      return at(forms, v);
    }
    case 'DQ06':
      return at(['本级追加', '追加', '本级追加指标', '本级配套', '调整追加'], v);
  }
}

export type ProjectNameDefect = 'DQ11' | 'DQ12' | 'DQ13' | 'DQ14';

export function defectiveProjectName(
  kind: ProjectNameDefect,
  ctx: { year: number; fundName: string },
  rng: SeededRandom,
  key: string,
): string | null {
  const v = rng.int(0, 4, 'dq-name-variant', kind, key);
  switch (kind) {
    case 'DQ11':
      return null;
    case 'DQ12':
      return at(
        ['53', '877', String(rng.int(10, 999, 'dq12', key)), String(rng.int(1000, 9999, 'dq12b', key)), '6'],
        v,
      );
    case 'DQ13':
      return at(['水利专项', '扶贫专项', '林业专项', '农业专项', '交通专项'], v);
    case 'DQ14':
      return at(
        [
          `提前下达${ctx.year - 2}年第一批农村义务教育学生营养计划国家试点中央专项资金`,
          ctx.fundName,
          `${ctx.year}年${ctx.fundName}`,
          `关于下达${ctx.year}年中央财政专项扶贫资金的通知`,
          `提前下达${ctx.year}年${ctx.fundName}`,
        ],
        v,
      );
  }
}
