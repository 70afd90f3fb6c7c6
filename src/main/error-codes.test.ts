import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../shared/errors';

describe('error codes', () => {
  it('README "Errors and logs" documents every code a caller can get', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('## Errors and logs');
    const section = readme.slice(start, readme.indexOf('\n## ', start));
    const missing = ERROR_CODES.filter((code) => !section.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});
