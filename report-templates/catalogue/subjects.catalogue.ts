/**
 * The 科目 dimension (subject): the elements of the 总台账 a report can lay out as rows — an account, and for
 * 4001 an account × source type — grouped as the chart of accounts groups them (ledger.md), so the groups give
 * subtotals. A member's key is `account|source_type` (source type empty for every account but 4001).
 */
import { ACCOUNT_NAMES, SOURCE_TYPES, type LedgerAccount } from './ledger-mapping.ts';

export interface SubjectNode {
  key: string;
  label: string;
  children?: SubjectNode[];
}

const leaf = (account: LedgerAccount): SubjectNode => ({
  key: `${account}|`,
  label: `${account} ${ACCOUNT_NAMES[account]}`,
});

export const SUBJECT_TREE: SubjectNode[] = [
  {
    key: 'g:sources',
    label: '4001 本年安排收入',
    children: SOURCE_TYPES.map((t) => ({ key: `4001|${t}`, label: `\u3000其中: ${t}` })),
  },
  leaf('1001'),
  leaf('5001'),
  {
    key: 'g:5002',
    label: '5002 已细化指标',
    children: [leaf('500201'), leaf('500202'), leaf('500203')],
  },
  leaf('5101'),
  leaf('5201'),
];

/** account and source type of a member key. */
export function subjectElement(key: string): { account: string; source_type: string | null } {
  const [account = '', type = ''] = key.split('|');
  return { account, source_type: type === '' ? null : type };
}

export const SUBJECT_KEYS: string[] = SUBJECT_TREE.flatMap((n) =>
  n.children ? n.children.map((c) => c.key) : [n.key],
);
