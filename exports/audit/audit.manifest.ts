/**
 * manifest.json of an audit package: what was extracted for whom, each table's row count, the SHA-256 of
 * every file (of the encrypted file too, when the package is encrypted) and the head of the ledger's hash
 * chain at the moment of the extract. verify-extract reads it with the same schema.
 */
import { z } from 'zod';
import { EXPORT_FORMATS } from '../export.kinds.ts';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'fundtrail-audit/1';

const Sha = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestFileSchema = z.object({
  /** path inside the package (plaintext name) */
  path: z.string().min(1),
  table: z.string().optional(),
  format: z.enum([...EXPORT_FORMATS, 'md']).optional(),
  bytes: z.number().int().nonnegative(),
  sha256: Sha,
  /** when encrypted: the file actually in the package (`<path>.enc`) */
  encrypted: z.object({ path: z.string().min(1), bytes: z.number().int().nonnegative(), sha256: Sha }).optional(),
});

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  created_at: z.string(),
  created_by: z.string(),
  scope: z.object({ region: z.string(), region_name: z.string().nullable(), year: z.number().int() }),
  ledger: z.object({ postings: z.number().int().nonnegative(), head_hash: z.string() }),
  totals: z.object({ journal_debit_fen: z.number().int(), journal_credit_fen: z.number().int() }),
  tables: z.array(z.object({ name: z.string(), title: z.string(), rows: z.number().int().nonnegative() })),
  files: z.array(manifestFileSchema),
  encryption: z.object({ cipher: z.literal('aes-256-gcm'), kdf: z.literal('scrypt') }).nullable(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof manifestFileSchema>;
