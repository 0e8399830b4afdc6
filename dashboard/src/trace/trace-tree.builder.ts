/**
 * The document tree of a trace (GET /api/documents/:id, /api/trace/fund): nodes come as a flat list with their
 * parent; the tree nests them, children in date then id order. A node whose parent is not in the list is a root.
 */
import type { TraceNode } from '../../../server/api/api.types.ts';

export interface TreeNode {
  node: TraceNode;
  children: TreeNode[];
}

export function buildTraceTree(input: readonly TraceNode[]): TreeNode[] {
  const unique = new Map<string, TraceNode>();
  for (const n of input) if (!unique.has(n.doc_id)) unique.set(n.doc_id, n);
  const byId = new Map<string, TreeNode>();
  for (const n of unique.values()) byId.set(n.doc_id, { node: n, children: [] });
  const roots: TreeNode[] = [];
  for (const t of byId.values()) {
    const parent = t.node.parent_doc_id ? byId.get(t.node.parent_doc_id) : undefined;
    if (parent && parent !== t) parent.children.push(t);
    else roots.push(t);
  }
  const order = (a: TreeNode, b: TreeNode): number =>
    a.node.doc_date.localeCompare(b.node.doc_date) || a.node.doc_id.localeCompare(b.node.doc_id);
  const sort = (nodes: TreeNode[]): void => {
    nodes.sort(order);
    for (const n of nodes) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** How many nodes a tree holds. */
export function countNodes(trees: readonly TreeNode[]): number {
  return trees.reduce((n, t) => n + 1 + countNodes(t.children), 0);
}
