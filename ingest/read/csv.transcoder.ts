/**
 * Non-UTF-8 text (GB18030/GBK, UTF-16) becomes a temporary UTF-8 file, streamed through iconv-lite, so that
 * DuckDB can parse it. Memory stays flat whatever the file size.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import type { Progress } from '../../warehouse/index.ts';
import type { TextEncoding } from './file-format.detector.ts';

const ICONV_NAME: Record<Exclude<TextEncoding, 'utf-8' | 'utf-8-bom'>, string> = {
  gb18030: 'gb18030',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

/** Counts bytes through the pipe for the progress bar. */
function counter(progress: Progress): Transform {
  let done = 0;
  let shown = 0;
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      done += chunk.length;
      if (done - shown > 1 << 22) {
        progress.update(done);
        shown = done;
      }
      cb(null, chunk);
    },
  });
}

export async function transcodeToUtf8(
  source: string,
  target: string,
  encoding: Exclude<TextEncoding, 'utf-8' | 'utf-8-bom'>,
  progress: Progress,
  size: number,
): Promise<void> {
  progress.start('转码', size, 'B');
  await pipeline(
    createReadStream(source, { highWaterMark: 1 << 20 }),
    counter(progress),
    iconv.decodeStream(ICONV_NAME[encoding], { stripBOM: true }),
    iconv.encodeStream('utf8'),
    createWriteStream(target),
  );
  progress.update(size);
  progress.stop();
}
