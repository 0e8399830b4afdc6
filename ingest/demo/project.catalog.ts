/**
 * Specific project names and their classification (category, 功能分类 21305xx, 经济分类) for the demo's
 * project library. Clean names always name the place and the object, e.g. 青溪县石坪镇白岩村通组硬化路建设项目.
 */
import { CROPS, LIVESTOCK } from './name.catalog.ts';
import type { SeededRandom } from './seeded-random.ts';

export type ProjectCategory = '产业发展' | '基础设施' | '教育' | '健康' | '就业';

export interface ProjectKind {
  category: ProjectCategory;
  funcSubject: string;
  econSubject: string;
  /** amount range in 万元 */
  wan: readonly [number, number];
  name: (p: {
    county: string;
    town: string;
    village: string;
    year: number;
    n: number;
    crop: string;
    animal: string;
  }) => string;
}

export const PROJECT_KINDS: readonly ProjectKind[] = [
  {
    category: '基础设施',
    funcSubject: '2130504',
    econSubject: '31005',
    wan: [40, 400],
    name: (p) => `${p.county}${p.town}${p.village}通组硬化路建设项目（${(1 + (p.n % 40) / 10).toFixed(1)}公里）`,
  },
  {
    category: '基础设施',
    funcSubject: '2130504',
    econSubject: '31005',
    wan: [30, 260],
    name: (p) => `${p.town}${p.village}农村人饮安全巩固提升工程`,
  },
  {
    category: '基础设施',
    funcSubject: '2130504',
    econSubject: '31005',
    wan: [50, 500],
    name: (p) => `${p.town}${p.village}产业路建设项目`,
  },
  {
    category: '基础设施',
    funcSubject: '2130504',
    econSubject: '31005',
    wan: [20, 150],
    name: (p) => `${p.town}${p.village}小型水利灌溉设施修复项目`,
  },
  {
    category: '产业发展',
    funcSubject: '2130505',
    econSubject: '31299',
    wan: [30, 300],
    name: (p) => `${p.town}${p.village}${100 + (p.n % 9) * 50}亩${p.crop}种植基地建设项目`,
  },
  {
    category: '产业发展',
    funcSubject: '2130505',
    econSubject: '31299',
    wan: [50, 400],
    name: (p) => `${p.town}${p.animal}标准化养殖场建设项目`,
  },
  {
    category: '产业发展',
    funcSubject: '2130505',
    econSubject: '31005',
    wan: [40, 300],
    name: (p) => `${p.town}${p.crop}加工厂房建设项目`,
  },
  {
    category: '产业发展',
    funcSubject: '2130507',
    econSubject: '31299',
    wan: [20, 120],
    name: (p) => `${p.county}${p.year}年${p.crop}产业扶贫贷款贴息项目`,
  },
  {
    category: '教育',
    funcSubject: '2130506',
    econSubject: '31005',
    wan: [30, 200],
    name: (p) => `${p.town}中心小学学生食堂改造项目`,
  },
  {
    category: '健康',
    funcSubject: '2130506',
    econSubject: '31005',
    wan: [15, 80],
    name: (p) => `${p.town}${p.village}卫生室标准化建设项目`,
  },
  {
    category: '就业',
    funcSubject: '2130505',
    econSubject: '31005',
    wan: [30, 200],
    name: (p) => `${p.town}扶贫车间建设项目`,
  },
  {
    category: '就业',
    funcSubject: '2130599',
    econSubject: '30299',
    wan: [10, 60],
    name: (p) => `${p.county}${p.year}年贫困劳动力${p.crop}种植技能培训项目`,
  },
];

/** The school-meal chain is not a poverty fund: education subjects, not 21305. */
export const NUTRITION_KIND: ProjectKind = {
  category: '教育',
  funcSubject: '2050202',
  econSubject: '30299',
  wan: [30, 180],
  name: (p) => `${p.town}中心小学${p.year}年学生营养改善计划供餐补助`,
};

/** Province- and city-level own projects (monitoring systems, training, administration of the programs). */
export const UPPER_KINDS: readonly ProjectKind[] = [
  {
    category: '就业',
    funcSubject: '2130502',
    econSubject: '30299',
    wan: [50, 300],
    name: (p) => `${p.county}${p.year}年扶贫干部业务能力培训项目`,
  },
  {
    category: '基础设施',
    funcSubject: '2130550',
    econSubject: '31002',
    wan: [100, 600],
    name: (p) => `${p.county}${p.year}年扶贫开发监测信息系统运行维护项目`,
  },
  {
    category: '产业发展',
    funcSubject: '2130501',
    econSubject: '30299',
    wan: [50, 200],
    name: (p) => `${p.county}${p.year}年扶贫项目资金绩效评价项目`,
  },
];

export function pickProjectKind(
  rng: SeededRandom,
  key: string,
  kinds: readonly ProjectKind[] = PROJECT_KINDS,
): ProjectKind {
  return rng.pick(kinds, 'project-kind', key);
}

export const pickCrop = (rng: SeededRandom, key: string): string => rng.pick(CROPS, 'crop', key);
export const pickAnimal = (rng: SeededRandom, key: string): string => rng.pick(LIVESTOCK, 'animal', key);

/** Function subjects outside 21305 and barred economic subjects (M06 cases). */
export const M06_VARIANTS = [
  { funcSubject: '2010301', econSubject: '30299', note: '扶贫资金列支行政运行 (2010301), 不在 21305 扶贫科目内' },
  {
    funcSubject: '2120399',
    econSubject: '31005',
    note: '扶贫资金列支城乡社区管理事务 (2120399), 不在 21305 扶贫科目内',
  },
  { funcSubject: '2130505', econSubject: '30217', note: '扶贫资金列支公务接待费 (30217, 三公经费)' },
  { funcSubject: '2130504', econSubject: '39999', note: '扶贫资金列支其他支出 (39999)' },
] as const;
