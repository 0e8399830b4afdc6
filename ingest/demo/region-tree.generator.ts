/**
 * The demo's region tree: 中央 100000 → one province → cities → counties (6-digit codes) → townships
 * (9-digit) → villages (12-digit), plus an eastern partner province for the 东西部协作 transfer. Names are
 * composed from the character lists of name.catalog.ts; codes follow the national pattern but the province
 * prefixes (58, 39) belong to no real province.
 */
import type { RegionLevel } from '../../warehouse/schema.types.ts';
import { EASTERN_HEAD, EASTERN_TAIL, PLACE_HEAD, PLACE_TAIL, PROVINCE_HEAD, PROVINCE_TAIL } from './name.catalog.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { ScaleParams } from './demo.types.ts';

export const CENTRAL_CODE = '100000';
export const PROVINCE_CODE = '580000';
export const EASTERN_CODE = '390000';

/** Mean household size of people.generator.ts's size distribution. */
export const HOUSEHOLD_SIZE = 3.57;

export interface RegionNode {
  code: string;
  name: string;
  level: RegionLevel;
  parent: string | null;
  /** the name without its suffix (省/市/县/区/镇/乡/村), used in 文号 and project names */
  short: string;
}

export interface CountyNode extends RegionNode {
  city: string;
  townships: RegionNode[];
}

export interface VillageNode extends RegionNode {
  township: string;
  county: string;
  city: string;
  /** households to generate in this village */
  households: number;
}

export interface RegionTree {
  central: RegionNode;
  province: RegionNode;
  eastern: RegionNode;
  cities: RegionNode[];
  counties: CountyNode[];
  townships: RegionNode[];
  villages: VillageNode[];
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** All two-character names of the lists (head ≠ tail), in a seeded order. */
function nameDeck(rng: SeededRandom, purpose: string): string[] {
  const names: string[] = [];
  for (const h of PLACE_HEAD) for (const t of PLACE_TAIL) if (h !== t) names.push(h + t);
  return rng.shuffle(names, 'deck', purpose);
}

export function generateRegionTree(rng: SeededRandom, params: ScaleParams): RegionTree {
  const central: RegionNode = { code: CENTRAL_CODE, name: '中央', level: 'central', parent: null, short: '中央' };
  const provShort = rng.pick(PROVINCE_HEAD, 'province', 'h') + rng.pick(PROVINCE_TAIL, 'province', 't');
  const province: RegionNode = {
    code: PROVINCE_CODE,
    name: `${provShort}省`,
    level: 'province',
    parent: CENTRAL_CODE,
    short: provShort,
  };
  const eastShort = rng.pick(EASTERN_HEAD, 'eastern', 'h') + rng.pick(EASTERN_TAIL, 'eastern', 't');
  const eastern: RegionNode = {
    code: EASTERN_CODE,
    name: `${eastShort}省`,
    level: 'province',
    parent: CENTRAL_CODE,
    short: eastShort,
  };

  const upperDeck = nameDeck(rng, 'city-county');
  const townDeck = nameDeck(rng, 'township');
  const villageDeck = nameDeck(rng, 'village');
  let upperNext = 0;
  let townNext = 0;

  const cities: RegionNode[] = [];
  const counties: CountyNode[] = [];
  const townships: RegionNode[] = [];
  const villages: VillageNode[] = [];
  const [cLo, cHi] = params.countiesPerCity;
  const [tLo, tHi] = params.townshipsPerCounty;
  const [vLo, vHi] = params.villagesPerTownship;

  for (let c = 1; c <= params.cities; c++) {
    const short = upperDeck[upperNext++] as string;
    const city: RegionNode = {
      code: `${PROVINCE_CODE.slice(0, 2)}${pad(c, 2)}00`,
      name: `${short}市`,
      level: 'city',
      parent: PROVINCE_CODE,
      short,
    };
    cities.push(city);
    const nCounties = rng.int(cLo, cHi, 'counties', city.code);
    for (let k = 0; k < nCounties; k++) {
      const cShort = upperDeck[upperNext++] as string;
      const isDistrict = k === 0 && params.cities > 1;
      const county: CountyNode = {
        code: `${city.code.slice(0, 4)}${pad(isDistrict ? 2 : 21 + k, 2)}`,
        name: `${cShort}${isDistrict ? '区' : '县'}`,
        level: 'county',
        parent: city.code,
        short: cShort,
        city: city.code,
        townships: [],
      };
      counties.push(county);
      const nTownships = rng.int(tLo, tHi, 'townships', county.code);
      let towns = 0;
      let xiang = 0;
      for (let t = 0; t < nTownships; t++) {
        const tShort = townDeck[townNext++ % townDeck.length] as string;
        const isTown = rng.u('town-kind', county.code, t) < 0.6;
        const code = `${county.code}${isTown ? 100 + ++towns : 200 + ++xiang}`;
        const township: RegionNode = {
          code,
          name: `${tShort}${isTown ? '镇' : '乡'}`,
          level: 'township',
          parent: county.code,
          short: tShort,
        };
        townships.push(township);
        county.townships.push(township);
        const nVillages = rng.int(vLo, vHi, 'villages', code);
        const offset = rng.int(0, villageDeck.length - 1, 'village-offset', code);
        for (let v = 0; v < nVillages; v++) {
          const vShort = villageDeck[(offset + v) % villageDeck.length] as string;
          const community = isTown && v === 0;
          villages.push({
            code: `${code}${community ? '001' : String(200 + v)}`,
            name: `${vShort}${community ? '社区' : '村'}`,
            level: 'village',
            parent: code,
            short: vShort,
            township: code,
            county: county.code,
            city: city.code,
            households: 0,
          });
        }
      }
    }
  }

  // Households per village: the province's people spread over villages with some spread. The household sizes
  // of people.generator.ts (1–7 people) average 3.57.
  const perVillage = params.people / villages.length / HOUSEHOLD_SIZE;
  for (const v of villages) v.households = Math.max(3, Math.round(perVillage * (0.6 + 0.8 * rng.u('hh', v.code))));
  return { central, province, eastern, cities, counties, townships, villages };
}

/** Every node of the tree, parents before children. */
export function allRegions(tree: RegionTree): RegionNode[] {
  return [
    tree.central,
    tree.province,
    tree.eastern,
    ...tree.cities,
    ...tree.counties,
    ...tree.townships,
    ...tree.villages,
  ];
}
