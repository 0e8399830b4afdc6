import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.hash.ts';

describe('password hashes', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('长城-2026');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('长城-2026', stored)).toBe(true);
    expect(await verifyPassword('长城-2025', stored)).toBe(false);
  });

  it('salts every hash and refuses a malformed one', async () => {
    expect(await hashPassword('x')).not.toBe(await hashPassword('x'));
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });
});
