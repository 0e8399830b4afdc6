/**
 * Opaque references to people: a masked user sees 110101********1234 but must still be able to open that
 * person's payments. The reference is the 身份证号 encrypted with AES-256-GCM under a key derived from the
 * warehouse's secret; the IV is derived from the id (HMAC), so one person has one reference (only equality
 * shows, which the masked id shows anyway). A reference that does not decrypt is refused.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';

/** References to accounts (an alert's subject) are made the same way, of `account:<number>`. */
export const ACCOUNT_PREFIX = 'account:';

/** References remembered per instance (one person has one reference): a grid page encodes up to 1,000 at ~25 µs each. */
const REMEMBERED = 200_000;

export class PersonRefs {
  private readonly key: Buffer;
  private readonly ivKey: Buffer;
  private readonly made = new Map<string, string>();

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'fundtrail', 'person-ref-key', 32));
    this.ivKey = Buffer.from(hkdfSync('sha256', secret, 'fundtrail', 'person-ref-iv', 32));
  }

  encode(personId: string): string {
    const known = this.made.get(personId);
    if (known !== undefined) return known;
    const ref = this.encrypt(personId);
    if (this.made.size >= REMEMBERED) this.made.clear();
    this.made.set(personId, ref);
    return ref;
  }

  private encrypt(personId: string): string {
    const iv = createHmac('sha256', this.ivKey).update(personId).digest().subarray(0, 12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(personId, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The person id of a reference, or undefined when it was not made here. */
  decode(ref: string): string | undefined {
    const raw = Buffer.from(ref, 'base64url');
    if (raw.length < 29) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
