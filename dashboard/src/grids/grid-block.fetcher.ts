/**
 * One block of a big grid: asked as Arrow IPC (the server's compact answer for the big tables, totals in the
 * headers); a JSON answer of the same route is read too, so the grid works whichever the server sends.
 */
import { ARROW_STREAM, errorOf } from '../api/api.client.ts';
import { arrowRows } from '../api/arrow-rows.reader.ts';

export interface GridBlock<T> {
  rows: T[];
  totalRows: number;
  totalPaid: number | null;
}

export async function fetchGridBlock<T>(url: string, signal?: AbortSignal): Promise<GridBlock<T>> {
  const res = await fetch(url, {
    credentials: 'same-origin',
    headers: { accept: ARROW_STREAM },
    signal: signal ?? null,
  });
  if (!res.ok) throw await errorOf(res);
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('arrow')) {
    const rows = arrowRows<T>(new Uint8Array(await res.arrayBuffer()));
    const paid = res.headers.get('x-total-paid');
    return {
      rows,
      totalRows: Number(res.headers.get('x-total-rows') ?? rows.length),
      totalPaid: paid === null ? null : Number(paid),
    };
  }
  const body = (await res.json()) as { rows: T[]; total_rows: number; total_paid?: number };
  return { rows: body.rows, totalRows: body.total_rows, totalPaid: body.total_paid ?? null };
}
