export { Warehouse, DEFAULT_DB_PATH, sqlString, sqlIdent } from './warehouse.connection.ts';
export type { SqlValue, Row, StreamOptions } from './warehouse.connection.ts';
export { kyselyFor, WarehouseDialect } from './kysely.dialect.ts';
export { migrate, listMigrations } from './migrate.ts';
export type { Database } from './schema.types.ts';
export { UserError, isUserError } from './user-error.ts';
export { silentProgress } from './progress.ts';
export type { Progress } from './progress.ts';

import { Warehouse } from './warehouse.connection.ts';
import { migrate } from './migrate.ts';

/** Opens a warehouse file and brings its schema up to date. */
export async function openWarehouse(path: string, options: { threads?: number } = {}): Promise<Warehouse> {
  const wh = await Warehouse.open(path, options);
  await migrate(wh);
  return wh;
}
export { yuanSql, yuanTextSql } from './money.sql.ts';
export { neutraliseText, sqlNeutralise } from './cell-safety.ts';
export type { NeutraliseOptions } from './cell-safety.ts';
