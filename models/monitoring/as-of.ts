/**
 * The date the time-based rules are evaluated at (M01–M04, M07, L01, P09): the given date, else vars.yml's
 * `as_of` as the latest build wrote it (meta.model_vars), else the demo's as-of date (meta.demo_runs), else
 * today's UTC date.
 */
import { z } from 'zod';
import { UserError, type Warehouse } from '../../warehouse/index.ts';

const DateSchema = z.iso.date({ error: '日期应为 YYYY-MM-DD, 如 2020-12-31' });

export async function resolveAsOf(wh: Warehouse, given?: string): Promise<string> {
  if (given !== undefined) {
    const parsed = DateSchema.safeParse(given);
    if (!parsed.success)
      throw new UserError('CHECK_AS_OF_INVALID', `--as-of ${given}: ${parsed.error.issues[0]?.message}`, 2);
    return parsed.data;
  }
  return wh.value<string>(
    `select coalesce(
       (select try_cast(value as date) from meta.model_vars where name = 'as_of'),
       (select max(as_of) from meta.demo_runs),
       current_date)::varchar`,
  );
}
