/**
 * What kind of file this is, by its content first (magic bytes) and its extension second, and, for text,
 * its encoding. A file that is not valid UTF-8 is GB18030 (the superset of GBK and GB2312); chardet is only a
 * hint, used to recognise UTF-16 without a byte-order mark.
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import { UserError } from '../../warehouse/index.ts';
import { fileMessage } from '../errors.catalog.ts';

export type FileFormat = 'csv' | 'xlsx' | 'parquet';
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface DetectedFile {
  format: FileFormat;
  /** for CSV only */
  encoding: TextEncoding | null;
  size: number;
}

const SAMPLE_BYTES = 1 << 20;

function readHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

const startsWith = (buf: Buffer, bytes: number[]): boolean => bytes.every((b, i) => buf[i] === b);

/** Drops an incomplete UTF-8 sequence cut at the end of a sample. */
function trimPartialUtf8(buf: Buffer): Buffer {
  for (let back = 1; back <= 3 && back <= buf.length; back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? buf.subarray(0, buf.length - back) : buf;
  }
  return buf;
}

/** The encoding of a text sample (the file's first bytes). */
export function detectEncoding(sample: Buffer, wholeFile: boolean): TextEncoding | 'binary' {
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return 'utf-8-bom';
  if (startsWith(sample, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(sample, [0xfe, 0xff])) return 'utf-16be';
  if (sample.includes(0)) {
    // UTF-16 without a BOM: NUL in every other byte (ASCII-range text), or chardet's word for it.
    const half = Math.floor(sample.length / 2);
    const zerosAt = (parity: number): number => sample.filter((b, i) => b === 0 && i % 2 === parity).length;
    const hint = chardet.detect(sample);
    if (zerosAt(1) * 2 >= half && zerosAt(0) === 0) return 'utf-16le';
    if (zerosAt(0) * 2 >= half && zerosAt(1) === 0) return 'utf-16be';
    if (hint === 'UTF-16LE') return 'utf-16le';
    if (hint === 'UTF-16BE') return 'utf-16be';
    return 'binary';
  }
  return isUtf8(wholeFile ? sample : trimPartialUtf8(sample)) ? 'utf-8' : 'gb18030';
}

export function detectFile(path: string): DetectedFile {
  const size = statSync(path).size;
  const head = readHead(path, Math.min(size, SAMPLE_BYTES));
  const ext = extname(path).toLowerCase();
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { format: 'xlsx', encoding: null, size };
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) return { format: 'parquet', encoding: null, size };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new UserError('E_FILE_XLS_LEGACY', fileMessage('E_FILE_XLS_LEGACY', path));
  }
  if (ext === '.xlsx' || ext === '.xlsm') {
    throw new UserError('E_XLSX_BROKEN', fileMessage('E_XLSX_BROKEN', `${path} (不是 zip 格式)`));
  }
  if (ext === '.parquet') {
    throw new UserError('E_PARQUET_BROKEN', fileMessage('E_PARQUET_BROKEN', `${path} (缺少 PAR1 标记)`));
  }
  const encoding = detectEncoding(head, head.length === size);
  if (encoding === 'binary') throw new UserError('E_FILE_FORMAT', fileMessage('E_FILE_FORMAT', path));
  return { format: 'csv', encoding, size };
}
