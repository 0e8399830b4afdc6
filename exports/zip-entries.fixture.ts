/**
 * Test helper: reads a ZIP file the way a strict reader would — from the end records (ZIP64 when present)
 * through the central directory to each local header — inflates every entry and checks its CRC-32 and size
 * against the directory (and the data descriptor after a streamed entry), so a wrong offset, size or checksum
 * of zip.writer.ts fails a test.
 */
import { readFileSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** the central directory held ZIP64 sizes or offset for this entry */
  zip64: boolean;
}

export function readZipEntries(file: string): { entries: ZipEntry[]; zip64End: boolean } {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end of central directory');
  let count = zip.readUInt16LE(end + 10);
  let cdOffset = zip.readUInt32LE(end + 16);
  const locator = end - 20;
  const zip64End = locator >= 0 && zip.readUInt32LE(locator) === 0x07064b50;
  if (zip64End) {
    const record = Number(zip.readBigUInt64LE(locator + 8));
    if (zip.readUInt32LE(record) !== 0x06064b50) throw new Error('bad ZIP64 end record');
    count = Number(zip.readBigUInt64LE(record + 32));
    cdOffset = Number(zip.readBigUInt64LE(record + 48));
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    let compressed = zip.readUInt32LE(p + 20);
    let size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    let offset = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    let zip64 = false;
    for (let x = p + 46 + nameLength; x < p + 46 + nameLength + extraLength;) {
      const id = zip.readUInt16LE(x);
      const length = zip.readUInt16LE(x + 2);
      if (id === 0x0001) {
        zip64 = true;
        let f = x + 4;
        const wide = (): number => {
          const v = Number(zip.readBigUInt64LE(f));
          f += 8;
          return v;
        };
        if (size === 0xffffffff) size = wide();
        if (compressed === 0xffffffff) compressed = wide();
        if (offset === 0xffffffff) offset = wide();
      }
      x += 4 + length;
    }
    if (zip.readUInt32LE(offset) !== 0x04034b50) throw new Error(`${name}: no local header at ${offset}`);
    const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const raw = zip.subarray(start, start + compressed);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    if (data.length !== size) throw new Error(`${name}: ${data.length} bytes, directory says ${size}`);
    if (crc32(data) !== crc) throw new Error(`${name}: CRC-32 differs from the directory`);
    if (flags & 0x0008) {
      // data descriptor: signature, CRC-32, sizes (8 bytes each when they do not fit 4)
      const d = start + compressed;
      const wide = size >= 0xffffffff || compressed >= 0xffffffff;
      const sizes = wide
        ? [Number(zip.readBigUInt64LE(d + 8)), Number(zip.readBigUInt64LE(d + 16))]
        : [zip.readUInt32LE(d + 8), zip.readUInt32LE(d + 12)];
      if (
        zip.readUInt32LE(d) !== 0x08074b50 ||
        zip.readUInt32LE(d + 4) !== crc ||
        sizes[0] !== compressed ||
        sizes[1] !== size
      )
        throw new Error(`${name}: data descriptor differs from the directory`);
    }
    entries.push({ name, data, zip64 });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, zip64End };
}
