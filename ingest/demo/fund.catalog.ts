/**
 * The demo's funds (专项资金) and the designated associations (指定关联) between levels, and the
 * to-individual programs (补助到人到户) that the county-level funds pay.
 *
 * A chain is one special transfer from 中央 down to the counties: at every level a fund that designates the
 * fund of the level above. Fund codes are unique per region, so every city and county has its own row.
 */

export type ChainKey = 'FP' | 'MZ' | 'YG' | 'YY' | 'HL' | 'DX';

export interface FundDef {
  code: string;
  name: string;
  poverty: boolean;
  toIndividuals: boolean;
}

export interface ChainDef {
  key: ChainKey;
  /** 文号 department mark: 财农, 财教, 财资环 */
  docMark: string;
  central: FundDef | null;
  province: FundDef | null;
  city: FundDef | null;
  /** the county funds of this chain: [0] takes projects, others as named */
  county: FundDef[];
  /** share of the transfers issued in advance (提前下达) */
  advanceShare: number;
  /** share of the county's own-level projects in this chain */
  projectShare: number;
}

const fund = (code: string, name: string, poverty = true, toIndividuals = false): FundDef => ({
  code,
  name,
  poverty,
  toIndividuals,
});

export const CHAINS: readonly ChainDef[] = [
  {
    key: 'FP',
    docMark: '财农',
    central: fund('ZYFP', '中央财政专项扶贫资金'),
    province: fund('SJFP', '省级财政专项扶贫资金'),
    city: fund('SHJFP', '市级财政专项扶贫资金'),
    county: [fund('XJFP', '县级财政专项扶贫资金'), fund('XJDH', '县级到户到人补助资金', true, true)],
    advanceShare: 0.8,
    projectShare: 0.5,
  },
  {
    key: 'MZ',
    docMark: '财农',
    central: fund('ZYMZ', '中央财政少数民族发展资金'),
    province: fund('SJMZ', '省级少数民族发展资金'),
    city: fund('SHJMZ', '市级少数民族发展资金'),
    county: [fund('XJMZ', '县级少数民族发展资金')],
    advanceShare: 0.8,
    projectShare: 0.15,
  },
  {
    key: 'YG',
    docMark: '财农',
    central: fund('ZYYG', '中央财政以工代赈资金'),
    province: fund('SJYG', '省级以工代赈资金'),
    city: fund('SHJYG', '市级以工代赈资金'),
    county: [fund('XJYG', '县级以工代赈资金')],
    // The injected M07 case: this special transfer is issued in advance far below the configured share.
    advanceShare: 0.3,
    projectShare: 0.15,
  },
  {
    key: 'YY',
    docMark: '财教',
    central: fund('ZYYY', '农村义务教育学生营养改善计划中央补助资金', false),
    province: fund('SJYY', '省级学生营养改善计划资金', false),
    city: fund('SHJYY', '市级学生营养改善计划资金', false),
    county: [fund('XJYY', '县级学生营养改善计划资金', false)],
    advanceShare: 0.8,
    projectShare: 0.1,
  },
  {
    key: 'HL',
    docMark: '财资环',
    central: fund('ZYHL', '中央财政生态护林员补助资金'),
    province: fund('SJHL', '省级生态护林员补助资金'),
    city: fund('SHJHL', '市级生态护林员补助资金'),
    county: [fund('XJHL', '县级生态护林员补助资金', true, true)],
    advanceShare: 0.8,
    projectShare: 0,
  },
  {
    key: 'DX',
    docMark: '财农',
    central: null,
    province: null,
    city: null,
    county: [fund('XJDX', '东西部扶贫协作帮扶资金')],
    advanceShare: 0,
    projectShare: 0.1,
  },
];

/** The eastern partner province's own fund (T02 → T06 横向 to the partner county). */
export const EASTERN_FUND = fund('DXXZ', '东西部扶贫协作资金');

export const chain = (key: ChainKey): ChainDef => {
  const c = CHAINS.find((x) => x.key === key);
  if (!c) throw new Error(`unknown chain ${key}`);
  return c;
};

export type ProgramKey = 'DD' | 'GY' | 'YL' | 'JK' | 'LR' | 'CY' | 'XD' | 'HL';

export interface ProgramDef {
  key: ProgramKey;
  /** 1..8: the program's T04 number in each county (payments name that document) */
  no: number;
  name: string;
  chain: ChainKey;
  /** the county fund that pays it */
  fundCode: string;
  unit: '人' | '户';
  category: string;
  funcSubject: string;
  econSubject: string;
}

export const PROGRAMS: readonly ProgramDef[] = [
  {
    key: 'DD',
    no: 1,
    name: '因病因残家庭生活补助',
    chain: 'FP',
    fundCode: 'XJDH',
    unit: '人',
    category: '健康',
    funcSubject: '2130506',
    econSubject: '30305',
  },
  {
    key: 'GY',
    no: 2,
    name: '公益性岗位补贴',
    chain: 'FP',
    fundCode: 'XJDH',
    unit: '人',
    category: '就业',
    funcSubject: '2130599',
    econSubject: '30399',
  },
  {
    key: 'YL',
    no: 3,
    name: '雨露计划职业教育补助',
    chain: 'FP',
    fundCode: 'XJDH',
    unit: '人',
    category: '教育',
    funcSubject: '2130506',
    econSubject: '30308',
  },
  {
    key: 'JK',
    no: 4,
    name: '健康扶贫医疗救助',
    chain: 'FP',
    fundCode: 'XJDH',
    unit: '人',
    category: '健康',
    funcSubject: '2130506',
    econSubject: '30305',
  },
  {
    key: 'LR',
    no: 5,
    name: '困难老人生活补贴',
    chain: 'FP',
    fundCode: 'XJDH',
    unit: '人',
    category: '健康',
    funcSubject: '2130599',
    econSubject: '30305',
  },
  {
    key: 'CY',
    no: 6,
    name: '到户产业发展奖补',
    chain: 'FP',
    fundCode: 'XJDH',
    unit: '户',
    category: '产业发展',
    funcSubject: '2130505',
    econSubject: '30399',
  },
  {
    key: 'XD',
    no: 7,
    name: '扶贫小额信贷贴息',
    chain: 'FP',
    fundCode: 'XJDH',
    unit: '户',
    category: '产业发展',
    funcSubject: '2130507',
    econSubject: '30399',
  },
  {
    key: 'HL',
    no: 8,
    name: '生态护林员劳务补助',
    chain: 'HL',
    fundCode: 'XJHL',
    unit: '人',
    category: '就业',
    funcSubject: '2130505',
    econSubject: '30399',
  },
];

export const PROGRAM_START_YEAR = 2018;

/** The document that funds a program's payments in a county: the county's T04 number `no` of the year. */
export const programDocId = (county: string, year: number, no: number): string =>
  `${county}-${year}-T04-${String(no).padStart(4, '0')}`;

export const programProjectCode = (county: string, no: number): string =>
  `XM${county}${PROGRAM_START_YEAR}${String(no).padStart(3, '0')}`;
