import { describe, expect, it } from 'vitest';
import type { TraceNode } from '../../../server/api/api.types.ts';
import { buildTraceTree, countNodes } from './trace-tree.builder.ts';

function node(doc_id: string, parent: string | null, date = '2020-01-01'): TraceNode {
  return {
    doc_id,
    parent_doc_id: parent,
    root_doc_id: 'R',
    depth: 0,
    is_leaf: false,
    doc_no: null,
    txn_code: 'T05',
    txn_name: '转移下级',
    region_code: '520000',
    region_name: '某省',
    budget_year: 2020,
    doc_date: date,
    fund_code: 'P',
    project_code: null,
    project_name: null,
    target_region_code: null,
    amount: 100,
    effective: 100,
    carved: 0,
    remaining: 100,
    origin_kind: null,
  };
}

describe('buildTraceTree', () => {
  it('nests children under parents in date order, ancestors and descendants merged', () => {
    const trees = buildTraceTree([
      node('R', null),
      node('B', 'R', '2020-03-01'),
      node('A', 'R', '2020-02-01'),
      node('A1', 'A'),
      node('A', 'R', '2020-02-01'),
    ]);
    expect(trees.map((t) => t.node.doc_id)).toEqual(['R']);
    expect(trees[0]?.children.map((t) => t.node.doc_id)).toEqual(['A', 'B']);
    expect(trees[0]?.children[0]?.children.map((t) => t.node.doc_id)).toEqual(['A1']);
    expect(countNodes(trees)).toBe(4);
  });

  it('makes a node whose parent is missing a root', () => {
    expect(buildTraceTree([node('X', 'gone'), node('Y', null)]).map((t) => t.node.doc_id)).toEqual(['X', 'Y']);
  });
});
