/**
 * zip.writer.ts on its own: entries deflated ahead of their turn, several at once, from files larger than the
 * pieces it reads them in (its read buffers are lent to zlib and reused: a buffer read into again too early would
 * change the bytes of an entry), added in order and read back by the strict reader of zip-entries.fixture.ts.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZipWriter, deflateParts } from './zip.writer.ts';
import { readZipEntries } from './zip-entries.fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'fundtrail-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `mib` MiB of lines that differ from each other (a repeated block would hide a piece put in the wrong place). */
function scratchFile(name: string, mib: number, seed: string): { path: string; bytes: Buffer } {
  const lines: string[] = [];
  let size = 0;
  for (let n = 0; size < mib * 2 ** 20; n++) {
    const line = `<row r='${n}'><c><v>${createHash('sha1').update(`${seed}${n}`).digest('hex')}</v></c></row>\n`;
    lines.push(line);
    size += line.length;
  }
  const bytes = Buffer.from(lines.join(''), 'utf8');
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, bytes };
}

describe('ZIP entries deflated ahead', () => {
  it('deflates several files at once, each larger than the read pieces, to exactly their bytes in order', async () => {
    const files = ['a', 'b', 'c'].map((seed, i) => scratchFile(`${seed}.xml`, 9 + 4 * i, seed));
    const head = Buffer.from('<sheetData>\n', 'utf8');
    const tail = Buffer.from('</sheetData>', 'utf8');
    // all three at once, as the XLSX writer deflates the sheets it has in hand
    const deflated = await Promise.all(files.map((f) => deflateParts([head, f.path, tail])));
    const file = join(dir, 'three.zip');
    const zip = await ZipWriter.create(file);
    await zip.addFile('small.txt', '小文件');
    for (const [i, entry] of deflated.entries()) await zip.addDeflated(`sheet${i + 1}.xml`, entry);
    await zip.close();

    const { entries } = readZipEntries(file);
    expect(entries.map((e) => e.name)).toEqual(['small.txt', 'sheet1.xml', 'sheet2.xml', 'sheet3.xml']);
    expect(entries[0]!.data.toString('utf8')).toBe('小文件');
    files.forEach((f, i) => {
      const data = entries[i + 1]!.data;
      expect(data.length).toBe(head.length + f.bytes.length + tail.length);
      expect(data.equals(Buffer.concat([head, f.bytes, tail])), `sheet${i + 1}.xml`).toBe(true);
    });
  });

  it('fails on a file that is not there, and leaves the other entries to finish', async () => {
    const ok = scratchFile('ok.xml', 1, 'ok');
    const results = await Promise.allSettled([deflateParts([join(dir, 'missing.xml')]), deflateParts([ok.path])]);
    expect(results[0]!.status).toBe('rejected');
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/ENOENT/);
    expect(results[1]!.status).toBe('fulfilled');
  });
});
