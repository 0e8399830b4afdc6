/** Person references: one per person, decoded only by the instance (secret) that made them, the same when remembered. */
import { describe, expect, it } from 'vitest';
import { PersonRefs } from './person.ref.ts';

describe('person references', () => {
  it('gives one person one reference that decodes to the id, also when it is made again from memory', () => {
    const refs = new PersonRefs('secret-a');
    const id = '520102199001010011';
    const first = refs.encode(id);
    expect(refs.encode(id)).toBe(first);
    expect(new PersonRefs('secret-a').encode(id)).toBe(first);
    expect(refs.decode(first)).toBe(id);
    expect(refs.encode('520102199001010012')).not.toBe(first);
  });

  it('refuses a reference of another secret and an altered one', () => {
    const ref = new PersonRefs('secret-a').encode('520102199001010011');
    expect(new PersonRefs('secret-b').decode(ref)).toBeUndefined();
    const raw = Buffer.from(ref, 'base64url');
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    expect(new PersonRefs('secret-a').decode(raw.toString('base64url'))).toBeUndefined();
    expect(new PersonRefs('secret-a').decode('short')).toBeUndefined();
  });
});
