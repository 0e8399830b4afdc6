/**
 * A tiny ledger for the export tests: the worked example of ledger.md with odd 分, a red correction (T09) of
 * −0.05 元, a transfer left in transit, a 横向 (T06) transfer, one document of another year, and text cells
 * that a spreadsheet would run as formulas. Documents are inserted directly and their postings derived from
 * ledger.txn_templates, as the engine does for T01–T08 and T09.
 */
import { Warehouse, migrate } from '../warehouse/index.ts';

export const MALICIOUS = {
  hyperlink: '=HYPERLINK("http://x","y")',
  cmd: "+cmd|' /C calc'!A0",
  sum: '@SUM(1)',
} as const;

export const REGIONS: [code: string, name: string, level: string, parent: string | null][] = [
  ['100000', '中央', 'central', null],
  ['110000', '某省', 'province', '100000'],
  ['110100', '某市', 'city', '110000'],
  ['110101', '某县', 'county', '110100'],
  ['120000', '另一省', 'province', '100000'],
];

interface Doc {
  doc_id: string;
  txn: string;
  region: string;
  year: number;
  date: string;
  fund: string | null;
  amount: number;
  source?: string;
  corrects?: string;
  target?: string;
  project?: string;
}

/** Amounts in 分. */
export const DOCUMENTS: Doc[] = [
  { doc_id: 'D01', txn: 'T02', region: '100000', year: 2020, date: '2020-01-10', fund: 'C', amount: 100_000_000 },
  {
    doc_id: 'D02',
    txn: 'T05',
    region: '100000',
    year: 2020,
    date: '2020-02-01',
    fund: 'C',
    amount: 60_000_000,
    source: 'D01',
    target: '110000',
  },
  {
    doc_id: 'D03',
    txn: 'T06',
    region: '100000',
    year: 2020,
    date: '2020-02-02',
    fund: 'C',
    amount: 20_000_000,
    source: 'D01',
    target: '120000',
  },
  {
    doc_id: 'D04',
    txn: 'T01',
    region: '110000',
    year: 2020,
    date: '2020-02-10',
    fund: 'P',
    amount: 40_000_000,
    source: 'D02',
  },
  {
    doc_id: 'D05',
    txn: 'T01',
    region: '110000',
    year: 2020,
    date: '2020-02-15',
    fund: 'P',
    amount: 10_000_005,
    source: 'D02',
  },
  {
    doc_id: 'D06',
    txn: 'T09',
    region: '110000',
    year: 2020,
    date: '2020-02-16',
    fund: 'P',
    amount: -5,
    corrects: 'D05',
  },
  { doc_id: 'D07', txn: 'T02', region: '110000', year: 2020, date: '2020-03-01', fund: 'P', amount: 30_000_000 },
  {
    doc_id: 'D08',
    txn: 'T05',
    region: '110000',
    year: 2020,
    date: '2020-03-05',
    fund: 'P',
    amount: 25_000_000,
    source: 'D04',
    target: '110100',
  },
  {
    doc_id: 'D09',
    txn: 'T01',
    region: '110100',
    year: 2020,
    date: '2020-03-20',
    fund: 'M',
    amount: 25_000_000,
    source: 'D08',
  },
  {
    doc_id: 'D10',
    txn: 'T04',
    region: '110100',
    year: 2020,
    date: '2020-04-01',
    fund: 'M',
    amount: 20_000_000,
    source: 'D09',
    project: MALICIOUS.hyperlink,
  },
  {
    doc_id: 'D11',
    txn: 'T07',
    region: '110100',
    year: 2020,
    date: '2020-05-01',
    fund: 'M',
    amount: 15_000_000,
    source: 'D10',
    project: MALICIOUS.hyperlink,
  },
  {
    doc_id: 'D12',
    txn: 'T08',
    region: '110100',
    year: 2020,
    date: '2020-06-01',
    fund: 'M',
    amount: 12_345_678,
    source: 'D11',
    project: MALICIOUS.cmd,
  },
  { doc_id: 'D13', txn: 'T02', region: '120000', year: 2021, date: '2021-01-05', fund: MALICIOUS.sum, amount: 700 },
];

/** Fills a migrated warehouse with the tiny ledger. */
export async function fillTinyLedger(wh: Warehouse): Promise<void> {
  for (const [code, name, level, parent] of REGIONS) {
    await wh.run(
      'insert into raw.regions (code, valid_from, name, level, parent_code, load_id) values ($1, 0, $2, $3, $4, 0)',
      [code, name, level, parent],
    );
  }
  for (const d of DOCUMENTS) {
    await wh.run(
      `insert into ledger.documents (doc_id, txn_code, region_code, budget_year, doc_date, source_doc_id,
         corrects_doc_id, fund_code, project_code, target_region_code, amount, content_hash, load_id, registered_at)
       values ($1, $2, $3, $4, $5::date, $6, $7, $8, $9, $10, $11, 'h-' || $1, 0, timestamp '2021-01-01 00:00:00')`,
      [
        d.doc_id,
        d.txn,
        d.region,
        d.year,
        d.date,
        d.source ?? null,
        d.corrects ?? null,
        d.fund,
        d.project ?? null,
        d.target ?? null,
        d.amount,
      ],
    );
  }
  // T09 posts the corrected document's template lines with its own (negative) amount.
  await wh.run(`
    insert into ledger.postings
    select
      row_number() over (order by d.doc_id, t.line_no) as posting_id,
      d.doc_id, d.txn_code, d.region_code, d.budget_year, d.doc_date, d.fund_code, t.account_code,
      case when t.side = 'D' then d.amount else 0 end as debit,
      case when t.side = 'C' then d.amount else 0 end as credit,
      case when t.source_type = 'by_source'
           then case s.txn_code when 'T06' then '横向转移支付' else '上级转移支付' end
           else t.source_type end as source_type,
      d.project_code, d.target_region_code, d.source_doc_id, d.corrects_doc_id,
      'prev-' || d.doc_id || '-' || t.line_no, 'hash-' || d.doc_id || '-' || t.line_no
    from ledger.documents as d
    left join ledger.documents as c on c.doc_id = d.corrects_doc_id
    join ledger.txn_templates as t
      on t.txn_code = coalesce(c.txn_code, d.txn_code)
     and (t.applies = 'always'
          or (t.applies = 'with_fund' and d.fund_code is not null)
          or (t.applies = 'without_fund' and d.fund_code is null))
    left join ledger.documents as s on s.doc_id = coalesce(c.source_doc_id, d.source_doc_id)
    order by posting_id`);
}

export async function openTinyLedger(): Promise<Warehouse> {
  const wh = await Warehouse.open(':memory:');
  await migrate(wh);
  await fillTinyLedger(wh);
  return wh;
}
