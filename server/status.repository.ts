/**
 * What the status page shows, read in one short session of its own (requests never share a connection):
 * schema version, table counts, the last loads and the demo run that built the warehouse, if any.
 * (Raw counts on purpose: this is a warehouse status page, not a dashboard; the dashboard will read marts.)
 */
import { kyselyFor, type Warehouse } from '../warehouse/index.ts';

export interface StatusCounts {
  documents: number;
  postings: number;
  payments: number;
  people: number;
  regions: number;
}

export interface LoadRow {
  load_id: number;
  entity: string;
  file_name: string;
  status: string;
  rows_accepted: number;
  rows_rejected: number;
  finished_at: string | null;
}

export interface DemoRunRow {
  scale: string;
  seed: number;
  as_of: string;
  finished_at: string;
}

export interface WarehouseStatus {
  db: string;
  schemaVersion: number;
  counts: StatusCounts;
  lastLoads: LoadRow[];
  demo: DemoRunRow | null;
}

async function count(
  wh: Warehouse,
  table: 'ledger.documents' | 'ledger.postings' | 'raw.payments' | 'raw.beneficiaries' | 'raw.regions',
): Promise<number> {
  const row = await kyselyFor(wh)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function readStatus(wh: Warehouse): Promise<WarehouseStatus> {
  const session = await wh.session();
  try {
    const db = kyselyFor(session);
    const version = await db
      .selectFrom('meta.schema_migrations')
      .select((eb) => eb.fn.max<number>('version').as('v'))
      .executeTakeFirst();
    const counts: StatusCounts = {
      documents: await count(session, 'ledger.documents'),
      postings: await count(session, 'ledger.postings'),
      payments: await count(session, 'raw.payments'),
      people: await count(session, 'raw.beneficiaries'),
      regions: await count(session, 'raw.regions'),
    };
    const lastLoads = await db
      .selectFrom('meta.loads')
      .select(['load_id', 'entity', 'file_name', 'status', 'rows_accepted', 'rows_rejected', 'finished_at'])
      .orderBy('load_id', 'desc')
      .limit(10)
      .execute();
    const demo = await db
      .selectFrom('meta.demo_runs')
      .select(['scale', 'seed', 'as_of', 'finished_at'])
      .orderBy('run_id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return { db: wh.path, schemaVersion: Number(version?.v ?? 0), counts, lastLoads, demo: demo ?? null };
  } finally {
    session.close();
  }
}
