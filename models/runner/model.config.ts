/**
 * The `.yml` beside every model (models/MODELS.md), checked by zod. Every problem is reported with its path,
 * not only the first, so a model author fixes a file in one go.
 */
import { z } from 'zod';

export const SEVERITIES = ['error', 'warn'] as const;
export type Severity = (typeof SEVERITIES)[number];
const severity = z.enum(SEVERITIES).optional();

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const relationName = z.string().regex(/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/, '应为 schema.name 形式的关系名');
const columnName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, '应为列名');

const columnTest = z.union([
  z.enum(['not_null', 'unique']),
  z.strictObject({ not_null: z.strictObject({ severity }).nullable() }),
  z.strictObject({ unique: z.strictObject({ severity }).nullable() }),
  z.strictObject({ relationships: z.strictObject({ to: relationName, field: columnName, severity }) }),
  z.strictObject({ accepted_values: z.strictObject({ values: z.array(scalar).min(1), severity }) }),
  z.strictObject({ expression: z.union([z.string().min(1), z.strictObject({ sql: z.string().min(1), severity })]) }),
]);

const modelTest = z.union([
  z.strictObject({ unique_combination: z.array(columnName).min(1) }),
  z.strictObject({
    unique_combination: z.strictObject({ columns: z.array(columnName).min(1), severity }),
  }),
  z.strictObject({
    invariant: z.strictObject({
      name: z.string().regex(/^[a-z0-9_]+$/, '测试名只能含小写字母、数字和下划线'),
      description: z.string().optional(),
      sql: z.string().min(1),
      severity,
    }),
  }),
]);

const row = z.record(z.string(), z.union([scalar, z.null()]));

const unitTest = z.strictObject({
  name: z.string().regex(/^[a-z0-9_]+$/, '测试名只能含小写字母、数字和下划线'),
  description: z.string().optional(),
  given: z.record(relationName, z.array(row)).default({}),
  expect: z.array(row),
});

export const ModelConfigSchema = z
  .strictObject({
    description: z.string().min(1),
    grain: z.string().min(1),
    materialized: z.enum(['view', 'table', 'incremental']).optional(),
    /** DuckDB settings for this model's build only (`set …` before, `reset …` after), e.g. a compression choice */
    settings: z.record(z.string().regex(/^[a-z_]+$/, '应为 DuckDB 设置名'), scalar).optional(),
    /**
     * ART indexes created with a table (one column list each): for the API's lookups of a unique key (a document
     * by doc_id), which DuckDB then reads through the index instead of scanning the table (MODELS.md, Indexes)
     */
    indexes: z.array(z.array(columnName).min(1)).min(1).optional(),
    incremental: z
      .strictObject({
        partition_by: columnName,
        /** the upstream(s) whose partitions decide what is rebuilt; each has the partition column */
        driver: z.union([relationName, z.array(relationName).min(1)]),
        /** the driver's columns that change when a row changes (per driver, or one list for all); default: the whole row */
        fingerprint_columns: z
          .union([z.array(columnName).min(1), z.record(relationName, z.array(columnName).min(1))])
          .optional(),
      })
      .optional(),
    columns: z
      .array(
        z.strictObject({
          name: columnName,
          description: z.string().optional(),
          tests: z.array(columnTest).default([]),
        }),
      )
      .default([]),
    tests: z.array(modelTest).default([]),
    unit_tests: z.array(unitTest).default([]),
  })
  .superRefine((c, ctx) => {
    if (c.indexes && c.materialized !== undefined && c.materialized !== 'table') {
      ctx.addIssue({
        code: 'custom',
        path: ['indexes'],
        message: 'indexes 只用于 materialized: table (增量表的删除与插入会逐行维护索引)',
      });
    }
    if (c.materialized === 'incremental' && !c.incremental) {
      ctx.addIssue({
        code: 'custom',
        path: ['incremental'],
        message: 'materialized: incremental 需要 incremental 配置',
      });
    }
    if (c.incremental && c.materialized !== 'incremental') {
      ctx.addIssue({
        code: 'custom',
        path: ['materialized'],
        message: '有 incremental 配置时应为 materialized: incremental',
      });
    }
  });

export type ModelConfig = z.infer<typeof ModelConfigSchema>;
export type IncrementalConfig = NonNullable<ModelConfig['incremental']>;

/** The drivers of an incremental model, each with the columns its fingerprint hashes (undefined: the whole row). */
export function driversOf(inc: IncrementalConfig): { relation: string; columns: string[] | undefined }[] {
  const relations = Array.isArray(inc.driver) ? inc.driver : [inc.driver];
  const fp = inc.fingerprint_columns;
  return relations.map((relation) => ({
    relation,
    columns: fp === undefined ? undefined : Array.isArray(fp) ? fp : fp[relation],
  }));
}
export type ColumnTestEntry = z.infer<typeof columnTest>;
export type ModelTestEntry = z.infer<typeof modelTest>;
export type UnitTestSpec = z.infer<typeof unitTest>;
export type UnitTestRow = z.infer<typeof row>;

/** Every problem of a parsed yml, one line each with its path. */
export function describeConfigProblems(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(根)'}: ${i.message}`);
}
