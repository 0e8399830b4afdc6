/**
 * The rows of a report as a tree: the total at the root, subtotals as inner nodes, detail rows as leaves.
 * Fact rows land on leaves (`leafOf`); inner nodes are the sums of their children, so every subtotal and the
 * total add up by construction.
 * - region: the report's region and its descendants at the listed levels; an inner region gets a 本级 leaf
 *   for its own figures, so its children and its 本级 add up to its subtotal; a leaf region carries its whole
 *   subtree.
 * - subject: the chart of accounts' groups (4001 by source type, 5002's three detail accounts).
 * - anything else: one leaf per member (the template's list, or what the data holds, sorted).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../warehouse/index.ts';
import { REGION_LEVELS, type Template } from './template.schema.ts';
import { SUBJECT_TREE, type SubjectNode } from './catalogue/subjects.catalogue.ts';

export interface RowNode {
  key: string;
  label: string;
  kind: 'total' | 'subtotal' | 'detail';
  children: RowNode[];
}

export interface RowTree {
  root: RowNode;
  /** a fact row's key (region code, member) → the leaf it adds into, or undefined to leave it out */
  leafOf: (rowKey: string) => string | undefined;
}

interface RegionRow {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
}

const LEVEL_ORDER: readonly string[] = ['central', ...REGION_LEVELS];

export async function regionTree(
  k: Kysely<Database>,
  template: Template,
  scope: { code: string; name: string; level: string },
  totalLabel: string,
): Promise<RowTree> {
  const listed = [...(template.rows.levels ?? ['county'])].sort(
    (a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b),
  );
  const deepest = listed[listed.length - 1]!;
  const regions = await k
    .selectFrom('marts.region_closure as c')
    .innerJoin('marts.regions as r', 'r.code', 'c.code')
    .select(['r.code', 'r.name', 'r.level', 'r.parent_code'])
    .where('c.ancestor_code', '=', scope.code)
    .orderBy('r.code')
    .execute();
  const byCode = new Map<string, RegionRow>(regions.map((r) => [r.code, r]));
  const isRow = (r: RegionRow): boolean =>
    r.code !== scope.code &&
    (listed as string[]).includes(r.level) &&
    LEVEL_ORDER.indexOf(r.level) > LEVEL_ORDER.indexOf(scope.level);
  const scopeIsLeaf = scope.level === deepest || LEVEL_ORDER.indexOf(scope.level) > LEVEL_ORDER.indexOf(deepest);

  /** the nearest region at or above `code` that is a row (or the scope) */
  const anchor = new Map<string, string>();
  const anchorOf = (code: string): string | undefined => {
    const known = anchor.get(code);
    if (known !== undefined) return known;
    const r = byCode.get(code);
    if (!r) return undefined;
    const found = r.code === scope.code || isRow(r) ? r.code : r.parent_code ? anchorOf(r.parent_code) : undefined;
    if (found !== undefined) anchor.set(code, found);
    return found;
  };
  const childrenOf = new Map<string, RegionRow[]>();
  for (const r of regions) {
    if (!isRow(r) || !r.parent_code) continue;
    const parent = anchorOf(r.parent_code);
    if (parent === undefined) continue;
    const list = childrenOf.get(parent) ?? [];
    list.push(r);
    childrenOf.set(parent, list);
  }
  const isLeafRegion = (code: string): boolean =>
    code === scope.code ? scopeIsLeaf : byCode.get(code)?.level === deepest || !childrenOf.has(code);

  const nodeFor = (r: RegionRow): RowNode => {
    if (isLeafRegion(r.code)) return { key: r.code, label: r.name, kind: 'detail', children: [] };
    return {
      key: `sub:${r.code}`,
      label: `${r.name}小计`,
      kind: 'subtotal',
      children: [
        { key: `own:${r.code}`, label: `${r.name}本级`, kind: 'detail', children: [] },
        ...(childrenOf.get(r.code) ?? []).map(nodeFor),
      ],
    };
  };
  const root: RowNode = scopeIsLeaf
    ? {
        key: 'total',
        label: totalLabel,
        kind: 'total',
        children: [{ key: scope.code, label: scope.name, kind: 'detail', children: [] }],
      }
    : {
        key: 'total',
        label: totalLabel,
        kind: 'total',
        children: [
          { key: `own:${scope.code}`, label: `${scope.name}本级`, kind: 'detail', children: [] },
          ...(childrenOf.get(scope.code) ?? []).map(nodeFor),
        ],
      };
  return {
    root,
    leafOf: (key) => {
      const a = anchorOf(key.replace(/^own:/, ''));
      if (a === undefined) return undefined;
      return isLeafRegion(a) ? a : `own:${a}`;
    },
  };
}

export function subjectTree(template: Template, totalLabel: string): RowTree {
  const wanted = template.rows.members ? new Set(template.rows.members) : undefined;
  const convert = (n: SubjectNode): RowNode | undefined => {
    if (!n.children)
      return wanted && !wanted.has(n.key) ? undefined : { key: n.key, label: n.label, kind: 'detail', children: [] };
    const children = n.children.map(convert).filter((c): c is RowNode => c !== undefined);
    return children.length === 0 ? undefined : { key: n.key, label: n.label, kind: 'subtotal', children };
  };
  const children = SUBJECT_TREE.map(convert).filter((c): c is RowNode => c !== undefined);
  const leaves = new Set<string>();
  const walk = (n: RowNode): void => {
    if (n.children.length === 0) leaves.add(n.key);
    n.children.forEach(walk);
  };
  children.forEach(walk);
  return {
    root: { key: 'total', label: totalLabel, kind: 'total', children },
    leafOf: (key) => (leaves.has(key) ? key : undefined),
  };
}

/** Flat members: the template's list in its order, else every key the facts returned, sorted. */
export function memberTree(
  template: Template,
  keys: Iterable<string>,
  labelOf: (key: string) => string,
  totalLabel: string,
): RowTree {
  const members = template.rows.members ?? [...new Set(keys)].sort();
  const set = new Set(members);
  return {
    root: {
      key: 'total',
      label: totalLabel,
      kind: 'total',
      children: members.map((m) => ({ key: m, label: labelOf(m), kind: 'detail', children: [] })),
    },
    leafOf: (key) => (set.has(key) ? key : undefined),
  };
}
