/**
 * A guard for exceljs's streaming reader against losing the last entries of a valid workbook.
 *
 * exceljs reads the zip through unzipper (0.10) `Parse`, which emits `'end'` as soon as its input has been
 * written in full, while the entries parsed from that input may still wait, unread, on its readable side; exceljs
 * trusts that `'end'` and stops. Under load the last entries (xl/workbook.xml, which exceljs writes last) are
 * lost and a valid file fails as "Cannot read properties of undefined (reading 'sheets')" (exceljs issue #962).
 * The guard holds that early `'end'` back until the parser has read the whole zip: a complete zip then ends the
 * ordinary way, after its last entry was read; a truncated one still ends as unzipper would have ended it.
 *
 * Importing this module installs the guard once for the process (exceljs calls `unzipper.Parse` on the module
 * object it shares with us). Where unzipper's shape is not the one expected, it installs nothing.
 */
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => void;
interface ParseStream extends EventEmitter {
  push(chunk: unknown): boolean;
  _readRecord(): Promise<unknown>;
}
interface Unzipper {
  Parse: ((opts?: unknown) => ParseStream) & { prototype: { _readRecord?: () => Promise<unknown> }; guarded?: true };
}

const fromExceljs = createRequire(createRequire(import.meta.url).resolve('exceljs'));
const unzipper = fromExceljs('unzipper') as Unzipper;

/** Each parser's whole read of its zip: the first `_readRecord` call chains every later record. */
const reads = new WeakMap<object, Promise<unknown>>();

function install(): void {
  const original = unzipper.Parse;
  const readRecord = original.prototype._readRecord;
  if (original.guarded || typeof readRecord !== 'function') return;

  original.prototype._readRecord = function (this: ParseStream) {
    const read = readRecord.call(this);
    if (!reads.has(this)) reads.set(this, read);
    return read;
  };

  const guarded = Object.assign(
    function parse(opts?: unknown): ParseStream {
      const zip = original(opts);
      const early = (zip.listeners('finish') as Listener[]).filter((l) => /emit\(['"]end['"]\)/.test(String(l)));
      const read = reads.get(zip);
      if (early.length !== 1 || !read) return zip;
      zip.removeListener('finish', early[0]!);
      let complete = false;
      const push = zip.push.bind(zip);
      zip.push = (chunk: unknown) => {
        if (chunk === null) complete = true;
        return push(chunk);
      };
      zip.on('finish', () => {
        const settle = (): void => {
          if (!complete) early[0]!.call(zip); // a zip cut short: end as unzipper would
        };
        read.then(settle, settle);
      });
      return zip;
    },
    { prototype: original.prototype, guarded: true as const },
  );
  unzipper.Parse = guarded;
}

install();
