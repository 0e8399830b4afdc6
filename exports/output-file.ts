/**
 * Writes a file through a temporary sibling that is renamed into place only when complete, so a failed or
 * interrupted export never leaves a truncated file under the final name.
 */
import { randomBytes } from 'node:crypto';
import { rm, rename } from 'node:fs/promises';

export function partPath(file: string, tag = 'part'): string {
  return `${file}.${process.pid}-${randomBytes(4).toString('hex')}.${tag}`;
}

export async function writeAtomically<T>(file: string, write: (part: string) => Promise<T>): Promise<T> {
  const part = partPath(file);
  try {
    const out = await write(part);
    await rename(part, file);
    return out;
  } catch (err) {
    await rm(part, { force: true });
    throw err;
  }
}
