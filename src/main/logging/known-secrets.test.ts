import { describe, expect, it } from 'vitest';
import { KnownSecrets } from './known-secrets';

describe('KnownSecrets', () => {
  const many = Array.from({ length: 500 }, (_, i) => `sk-proj-${String(i).padStart(4, '0')}-abcdefgh`);

  it('replaces every known value, with few keys and with many (the indexed scan), the same way', () => {
    const text = `a ${many[3]} b ${many[499]}${many[0]} c sk-proj-9999-abcdefgh d`;
    const expected = 'a # b ## c sk-proj-9999-abcdefgh d';
    expect(new KnownSecrets(many).replaceIn(text, '#')).toBe(expected);
    expect(new KnownSecrets([many[3]!, many[499]!, many[0]!]).replaceIn(text, '#')).toBe(expected);
  });

  it('replaces the longest key where one key starts another, and ignores values too short to be keys', () => {
    const keys = [...many, 'sk-proj-0001-abcdefgh-and-more', 'abc'];
    const secrets = new KnownSecrets(keys);
    expect(secrets.replaceIn('x sk-proj-0001-abcdefgh-and-more y sk-proj-0001-abcdefgh abc', '#')).toBe('x # y # abc');
    expect(secrets.size).toBe(501);
  });

  it('leaves text without keys as it was (the same string)', () => {
    const text = 'nothing to see here '.repeat(100);
    expect(new KnownSecrets(many).replaceIn(text, '#')).toBe(text);
  });
});
