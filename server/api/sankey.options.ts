/**
 * The flow of a scope's money as Sankey nodes and links: transfers between regions (marts.interlock: what each
 * issuer sent to each region, issued) and what the regions arranged for projects, by project category
 * (marts.project_funding × marts.project_library). Pure: rows in, nodes and links out; node names are unique
 * (a region name shared by two regions gets its code).
 */
import type { SankeyResponse } from './api.types.ts';

export interface TransferFlow {
  from_code: string;
  from_name: string;
  from_level: string;
  to_code: string;
  to_name: string;
  to_level: string;
  amount: number;
}

export interface ProjectFlow {
  region_code: string;
  region_name: string;
  region_level: string;
  category: string;
  amount: number;
}

export function buildSankey(transfers: TransferFlow[], projects: ProjectFlow[]): SankeyResponse {
  const namesByCode = new Map<string, { name: string; level: string }>();
  const add = (code: string, name: string, level: string): void => {
    if (!namesByCode.has(code)) namesByCode.set(code, { name, level });
  };
  for (const t of transfers) {
    add(t.from_code, t.from_name, t.from_level);
    add(t.to_code, t.to_name, t.to_level);
  }
  for (const p of projects) add(p.region_code, p.region_name, p.region_level);
  const count = new Map<string, number>();
  for (const { name } of namesByCode.values()) count.set(name, (count.get(name) ?? 0) + 1);
  const label = new Map<string, string>();
  for (const [code, { name }] of namesByCode) label.set(code, count.get(name)! > 1 ? `${name} (${code})` : name);

  const nodes: SankeyResponse['nodes'] = [...namesByCode].map(([code, n]) => ({
    code,
    name: label.get(code)!,
    level: n.level,
  }));
  const categories = new Set<string>();
  const links: SankeyResponse['links'] = [];
  for (const t of transfers) {
    if (t.amount > 0 && t.from_code !== t.to_code)
      links.push({ source: label.get(t.from_code)!, target: label.get(t.to_code)!, value: t.amount });
  }
  for (const p of projects) {
    if (p.amount <= 0) continue;
    const category = `项目: ${p.category}`;
    if (!categories.has(category)) {
      categories.add(category);
      nodes.push({ name: category, level: 'project', code: null });
    }
    links.push({ source: label.get(p.region_code)!, target: category, value: p.amount });
  }
  return { nodes, links };
}
