/**
 * 年终结转: at the end of budget year Y, a T10 for every document whose remaining sits in 5001 of year Y
 * (T01/T02 with a fund, T03, T10 carried into Y) and is > 0. Each T10 carries the whole remaining into Y + 1
 * (posting.builder.ts: red mirror in Y, Dr 5001 / Cr 4001 上年结转 in Y + 1); documents of Y + 1 can be
 * carved from it. The T10s go through postStagedDocuments like any document (all rules apply).
 *
 * doc_id: `JZ{Y}-{source doc_id}-{n}`, n = 1 + the T10s already carved from that source (so a second run after
 * a correction freed more money gets a new id, and a repeated run that finds nothing left adds nothing).
 */
import type { Progress, Warehouse } from '../../warehouse/index.ts';
import { createDocumentStage } from './document-stage.ts';
import { postStagedDocuments, type PostResult } from './ledger.engine.ts';

const STAGE = '_ldg_carry_stage';

export interface CarryOverOptions {
  loadId: number;
  progress?: Progress;
  recordRejects?: boolean;
  /** registration date of the T10s; default `${year}-12-31` */
  date?: string;
}

export async function carryOverYear(wh: Warehouse, year: number, options: CarryOverOptions): Promise<PostResult> {
  if (!Number.isInteger(year)) throw new Error(`年度必须是整数: ${year}`);
  return wh.transaction(async (tx) => {
    await createDocumentStage(tx, STAGE);
    try {
      await tx.run(
        `insert into ${STAGE} (seq, row_no, raw_row, doc_id, txn_code, region_code, budget_year, doc_date,
           source_doc_id, amount, summary)
         with carried as (
           select source_doc_id as doc_id, count(*) as n
           from ledger.documents where txn_code = 'T10' group by source_doc_id
         )
         select row_number() over (order by b.region_code, b.doc_id), null, null,
           concat('JZ', $1, '-', b.doc_id, '-', coalesce(c.n, 0) + 1), 'T10', b.region_code, $1::integer,
           $2::date, b.doc_id, b.remaining, concat('年终结转 ', $1, ' → ', $1 + 1)
         from ledger.document_balances as b
         left join carried as c on c.doc_id = b.doc_id
         where b.held_in = '5001' and b.money_year = $1 and b.remaining > 0`,
        [year, options.date ?? `${year}-12-31`],
      );
      return await postStagedDocuments(tx, STAGE, {
        loadId: options.loadId,
        progress: options.progress,
        recordRejects: options.recordRejects,
      });
    } finally {
      await tx.run(`drop table if exists ${STAGE}`);
    }
  });
}
