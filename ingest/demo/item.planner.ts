/**
 * What every region spends, before any document exists: the county programs (amounts = the paid payment
 * detail), the county projects of both budget years, the province's and cities' own 配套 projects, and where
 * each item's money comes from (Batch). The 提前下达 share of each transfer chain is met exactly: items go
 * to the advance batch until the share is reached, and the item that crosses it is split in two T04s of the
 * same project (one per batch), as real projects are funded from several indicator batches.
 */
import { PROGRAMS, chain, programProjectCode, type ChainKey, type ProgramDef } from './fund.catalog.ts';
import {
  NUTRITION_KIND,
  PROJECT_KINDS,
  UPPER_KINDS,
  pickAnimal,
  pickCrop,
  pickProjectKind,
  type ProjectKind,
} from './project.catalog.ts';
import type { CountyNode, RegionTree, VillageNode } from './region-tree.generator.ts';
import type { SeededRandom } from './seeded-random.ts';
import { MAIN_YEAR, PRIOR_YEAR, type ScaleParams } from './demo.types.ts';
import { wanToFen, type Batch, type Item, type ProjectRef } from './plan.types.ts';
import { splitAdvance } from './advance.split.ts';

export interface ItemPlan {
  items: Item[];
  projects: ProjectRef[];
  /** the county that receives the 东西部协作 transfer */
  partner: CountyNode;
}

const CHAIN_WEIGHTS: readonly (readonly [ChainKey, number])[] = [
  ['FP', 0.5],
  ['MZ', 0.15],
  ['YG', 0.15],
  ['YY', 0.1],
];

/** Projects of the partner county paid by the 东西部协作 transfer. */
const DX_PROJECTS = 2;

/** Rows of the project library that no document funds: finished 2018 projects and the 2021 reserve. */
export interface SpareProject extends ProjectRef {
  planned: number;
  status: string;
}

export class ItemPlanner {
  private readonly villagesByTown = new Map<string, VillageNode[]>();
  readonly items: Item[] = [];
  readonly projects: ProjectRef[] = [];
  readonly spare: SpareProject[] = [];
  private readonly projectSeq = new Map<string, number>();

  constructor(
    private readonly rng: SeededRandom,
    private readonly tree: RegionTree,
    private readonly params: ScaleParams,
  ) {
    for (const v of tree.villages) {
      const list = this.villagesByTown.get(v.township) ?? [];
      list.push(v);
      this.villagesByTown.set(v.township, list);
    }
  }

  /** A county of the province chosen as the 东西部协作 partner. */
  partner(): CountyNode {
    return this.tree.counties.reduce((a, b) =>
      this.rng.u('partner', a.code) <= this.rng.u('partner', b.code) ? a : b,
    );
  }

  private newProjectCode(region: string, year: number): string {
    const key = `${region}|${year}`;
    const n = (this.projectSeq.get(key) ?? 100) + 1;
    this.projectSeq.set(key, n);
    return `XM${region}${year}${String(n).padStart(3, '0')}`;
  }

  /** A specific project of a county (place + object), registered in the library. */
  countyProject(
    county: CountyNode,
    year: number,
    key: string,
    kind: ProjectKind,
    parent: string | null = null,
    appliedTo: string | null = null,
  ): ProjectRef {
    const town = this.rng.pick(county.townships, 'town', key);
    const village = this.rng.pick(this.villagesByTown.get(town.code) ?? [], 'village', key);
    const name = kind.name({
      county: county.name,
      town: town.name,
      village: village.name,
      year,
      n: this.rng.int(0, 999, 'n', key),
      crop: pickCrop(this.rng, key),
      animal: pickAnimal(this.rng, key),
    });
    const ref: ProjectRef = {
      code: this.newProjectCode(county.code, year),
      name,
      kind,
      region: county.code,
      startYear: year,
      endYear: year,
      parent,
      appliedTo,
    };
    this.projects.push(ref);
    return ref;
  }

  private upperProject(region: string, regionName: string, year: number, key: string): ProjectRef {
    const kind = this.rng.pick(UPPER_KINDS, 'upper-kind', key);
    const ref: ProjectRef = {
      code: this.newProjectCode(region, year),
      name: kind.name({
        county: regionName,
        town: '',
        village: '',
        year,
        n: 0,
        crop: pickCrop(this.rng, key),
        animal: '',
      }),
      kind,
      region,
      startYear: year,
      endYear: year,
      parent: null,
      appliedTo: null,
    };
    this.projects.push(ref);
    return ref;
  }

  private amountOf(kind: ProjectKind, key: string): number {
    const [lo, hi] = kind.wan;
    return wanToFen((lo + (hi - lo) * Math.pow(this.rng.u('amount', key), 1.6)) * this.params.projectAmountFactor);
  }

  private item(
    county: CountyNode,
    year: number,
    chainKey: ChainKey,
    fund: string,
    batch: Batch,
    amount: number,
    project: ProjectRef,
    key: string,
    program: ProgramDef | null = null,
    monthly: number[] = [],
  ): Item {
    const it: Item = {
      key,
      region: county.code,
      regionName: county.name,
      issuer: county.short,
      county,
      city: county.city,
      year,
      chain: chainKey,
      fund,
      batch,
      amount,
      program,
      monthly,
      project,
      mark: null,
    };
    this.items.push(it);
    return it;
  }

  /** Umbrella projects of the province (parents of the counties' 以工代赈 projects; funded by the counties). */
  private umbrellas(year: number): ProjectRef {
    const ref: ProjectRef = {
      code: this.newProjectCode(this.tree.province.code, year),
      name: `${this.tree.province.name}${year}年以工代赈农村基础设施示范工程`,
      kind: PROJECT_KINDS[0] as ProjectKind,
      region: this.tree.province.code,
      startYear: year,
      endYear: year,
      parent: null,
      appliedTo: null,
    };
    this.spare.push({ ...ref, planned: 0, status: year < MAIN_YEAR ? '完工' : '实施' });
    return ref;
  }

  plan(programTotals: ReadonlyMap<string, number[]>, programDoc: (county: string, no: number) => string): ItemPlan {
    const partner = this.partner();
    const umbrella = new Map<number, ProjectRef>([
      [PRIOR_YEAR, this.umbrellas(PRIOR_YEAR)],
      [MAIN_YEAR, this.umbrellas(MAIN_YEAR)],
    ]);
    const prior = new Map<string, Item>();
    for (const year of [PRIOR_YEAR, MAIN_YEAR]) {
      for (const county of this.tree.counties) {
        if (year === MAIN_YEAR) this.programItems(county, programTotals, programDoc);
        const n = this.params.projectsPerCountyYear + this.rng.int(-2, 2, 'n-projects', county.code, year);
        for (let i = 0; i < n; i++) {
          const key = `${county.code}|${year}|${i}`;
          const before = prior.get(`${county.code}|${i}`);
          const eastWest = year === MAIN_YEAR && county.code === partner.code && i < DX_PROJECTS;
          if (year === MAIN_YEAR && before && !eastWest && this.rng.u('continue', key) < 0.2) {
            // A multi-year project: a second year of indicators for last year's project.
            before.project.endYear = MAIN_YEAR;
            const amount = this.amountOf(before.project.kind, key);
            this.item(
              county,
              year,
              before.chain,
              before.fund,
              this.batchFor(before.chain, key),
              amount,
              before.project,
              key,
            );
            continue;
          }
          const chainKey = eastWest ? 'DX' : this.pickChain(key);
          const kind = chainKey === 'YY' ? NUTRITION_KIND : pickProjectKind(this.rng, key);
          const parent = chainKey === 'YG' ? (umbrella.get(year)?.code ?? null) : null;
          const applied = chainKey === 'YG' ? this.tree.province.code : chainKey === 'MZ' ? county.city : null;
          const project = this.countyProject(county, year, key, kind, parent, applied);
          const fund = chain(chainKey).county[0]?.code ?? 'XJFP';
          const it = this.item(
            county,
            year,
            chainKey,
            fund,
            this.batchFor(chainKey, key),
            this.amountOf(kind, key),
            project,
            key,
          );
          if (year === PRIOR_YEAR) prior.set(`${county.code}|${i}`, it);
        }
        this.spareProjects(county, year);
      }
      this.upperItems(year);
    }
    splitAdvance(this.items, this.rng);
    return { items: this.items, projects: this.projects, partner };
  }

  private pickChain(key: string): ChainKey {
    let u = this.rng.u('chain', key);
    for (const [k, w] of CHAIN_WEIGHTS) {
      if (u < w) return k;
      u -= w;
    }
    return 'FP';
  }

  /** FP items may be funded by the levels' own 配套; the others come down the transfer chain. */
  private batchFor(chainKey: ChainKey, key: string): Batch {
    if (chainKey === 'DX') return 'dx';
    if (chainKey !== 'FP') return 'b2';
    const u = this.rng.u('batch', key);
    return u < 0.1 ? 'own' : u < 0.2 ? 'pm' : u < 0.27 ? 'cm' : 'b2';
  }

  private programItems(
    county: CountyNode,
    totals: ReadonlyMap<string, number[]>,
    programDoc: (county: string, no: number) => string,
  ): void {
    for (const p of PROGRAMS) {
      const monthly = totals.get(programDoc(county.code, p.no));
      const amount = monthly?.reduce((a, b) => a + b, 0) ?? 0;
      if (!monthly || amount === 0) continue;
      const kind: ProjectKind = {
        category: p.category as ProjectKind['category'],
        funcSubject: p.funcSubject,
        econSubject: p.econSubject,
        wan: [0, 0],
        name: () => '',
      };
      const project: ProjectRef = {
        code: programProjectCode(county.code, p.no),
        name: `${county.name}${p.name}项目`,
        kind,
        region: county.code,
        startYear: 2018,
        endYear: MAIN_YEAR,
        parent: null,
        appliedTo: null,
      };
      this.projects.push(project);
      this.item(
        county,
        MAIN_YEAR,
        p.chain,
        p.fundCode,
        'adv',
        amount,
        project,
        `${county.code}|program|${p.key}`,
        p,
        monthly,
      );
    }
  }

  /** Items funded from a level's own resources that are not projects of the list above. */
  extraCountyItem(
    county: CountyNode,
    year: number,
    key: string,
    batch: Batch,
    fund: string,
    chainKey: ChainKey,
    kind: ProjectKind,
    wan: number,
  ): Item {
    const project = this.countyProject(county, year, key, kind);
    return this.item(county, year, chainKey, fund, batch, wanToFen(wan), project, key);
  }

  private upperItems(year: number): void {
    const prov = this.tree.province;
    for (let i = 0; i < 2; i++) {
      const key = `${prov.code}|${year}|${i}`;
      const project = this.upperProject(prov.code, prov.name, year, key);
      this.items.push({
        key,
        region: prov.code,
        regionName: prov.name,
        issuer: prov.short.slice(0, 1),
        county: null,
        city: null,
        year,
        chain: 'FP',
        fund: 'SJFP',
        batch: 'pm',
        amount: this.amountOf(project.kind, key),
        program: null,
        monthly: [],
        project,
        mark: null,
      });
    }
    for (const city of this.tree.cities) {
      const key = `${city.code}|${year}|0`;
      const project = this.upperProject(city.code, city.name, year, key);
      this.items.push({
        key,
        region: city.code,
        regionName: city.name,
        issuer: city.short,
        county: null,
        city: city.code,
        year,
        chain: 'FP',
        fund: 'SHJFP',
        batch: 'cm',
        amount: this.amountOf(project.kind, key),
        program: null,
        monthly: [],
        project,
        mark: null,
      });
    }
  }

  private spareProjects(county: CountyNode, year: number): void {
    // Finished projects before the demo's years and the reserve (储备) for the year after.
    const spareYear = year === PRIOR_YEAR ? 2018 : 2021;
    for (let i = 0; i < 2; i++) {
      const key = `${county.code}|spare|${spareYear}|${i}`;
      const kind = pickProjectKind(this.rng, key);
      const ref = this.countyProject(county, spareYear, key, kind);
      this.projects.pop();
      const status = spareYear === 2018 ? '完工' : i === 1 && this.rng.u('stop', key) < 0.3 ? '终止' : '储备';
      this.spare.push({ ...ref, planned: this.amountOf(kind, key), status });
    }
  }
}
