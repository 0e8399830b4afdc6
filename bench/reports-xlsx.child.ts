/**
 * Child process of the reports bench: streams N payment rows of a warehouse to an XLSX file with the streaming
 * writer (so its peak RSS is the export's alone). Usage: reports-xlsx.child.ts <db> <out.xlsx> <rows>.
 */
import { writeXlsx } from '../exports/xlsx.writer.ts';
import type { ExportColumn } from '../exports/export.kinds.ts';
import { Warehouse } from '../warehouse/index.ts';

const [db, out, n] = process.argv.slice(2);
if (!db || !out || !n) throw new Error('用法: reports-xlsx.child.ts <db> <out.xlsx> <rows>');
const wh = await Warehouse.open(db);
const columns: ExportColumn[] = [
  { name: 'payment_id', type: 'text' },
  { name: 'pay_month', type: 'text' },
  { name: 'person_id', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'village_code', type: 'text' },
  { name: 'doc_id', type: 'text' },
  { name: 'payable', type: 'amount' },
  { name: 'paid', type: 'amount' },
];
const rows = await writeXlsx(
  wh,
  columns,
  {
    sql: `select payment_id, pay_month, person_id, name, village_code, doc_id, payable, paid
          from marts.payments limit $1`,
    params: [Number(n)],
  },
  out,
  { sheetName: 'payments' },
);
process.stdout.write(JSON.stringify({ rows }));
wh.closeAll();
