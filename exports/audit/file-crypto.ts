/**
 * Confidentiality at rest of an extract (SECURITY.md): a file encrypted with AES-256-GCM under a key derived
 * from a passphrase with scrypt (node:crypto, no extra package). Layout of `<file>.enc`:
 *
 *   "FTENC1\n" (7 bytes) | salt (16) | iv (12) | ciphertext … | GCM tag (16)
 *
 * scrypt parameters N = 2^15, r = 8, p = 1 (about 32 MiB and 0.1 s per file). The tag authenticates the whole
 * file: a wrong passphrase or one altered byte makes decryption fail (and nothing is left behind).
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../../warehouse/index.ts';

export const ENC_MAGIC = Buffer.from('FTENC1\n', 'utf8');
const SALT = 16;
const IV = 12;
const TAG = 16;
const SCRYPT: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export const MIN_PASSPHRASE = 12;

function deriveKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(passphrase.normalize('NFC'), salt, 32, SCRYPT, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export function checkPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE) {
    throw new UserError('PASSPHRASE_TOO_SHORT', `加密口令至少 ${MIN_PASSPHRASE} 个字符`, 2);
  }
}

/** Encrypts `plain` into `target` (mode 0600). */
export async function encryptFile(plain: string, target: string, passphrase: string): Promise<void> {
  const salt = randomBytes(SALT);
  const iv = randomBytes(IV);
  const key = await deriveKey(passphrase, salt);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const out = createWriteStream(target, { mode: 0o600 });
  out.write(Buffer.concat([ENC_MAGIC, salt, iv]));
  await pipeline(createReadStream(plain), cipher, out, { end: false });
  await new Promise<void>((resolve, reject) => {
    out.end(cipher.getAuthTag(), () => resolve());
    out.once('error', reject);
  });
}

/** Decrypts `source` into `target`; a wrong passphrase or an altered file is a UserError and leaves no file. */
export async function decryptFile(source: string, target: string, passphrase: string): Promise<void> {
  const size = (await stat(source)).size;
  const headLen = ENC_MAGIC.length + SALT + IV;
  if (size < headLen + TAG) throw new UserError('EXTRACT_DECRYPT_FAILED', `${source}: 不是完整的加密文件`);
  const fh = await open(source, 'r');
  const head = Buffer.alloc(headLen);
  const tag = Buffer.alloc(TAG);
  try {
    await fh.read(head, 0, headLen, 0);
    await fh.read(tag, 0, TAG, size - TAG);
  } finally {
    await fh.close();
  }
  if (!head.subarray(0, ENC_MAGIC.length).equals(ENC_MAGIC)) {
    throw new UserError('EXTRACT_DECRYPT_FAILED', `${source}: 不是 Fundtrail 加密文件`);
  }
  const salt = head.subarray(ENC_MAGIC.length, ENC_MAGIC.length + SALT);
  const iv = head.subarray(ENC_MAGIC.length + SALT);
  const decipher = createDecipheriv('aes-256-gcm', await deriveKey(passphrase, salt), iv);
  decipher.setAuthTag(tag);
  try {
    await pipeline(
      createReadStream(source, { start: headLen, end: size - TAG - 1 }),
      decipher,
      createWriteStream(target, { mode: 0o600 }),
    );
  } catch {
    await rm(target, { force: true });
    throw new UserError('EXTRACT_DECRYPT_FAILED', `${source}: 解密失败 (口令错误或文件被改动)`);
  }
}
