import { describe, expect, it } from 'vitest';
import { validateConfigText } from './load-config';
import { defaultConfigFile } from './serialize-config';

describe('desktop settings in the config file', () => {
  it('notifications are on unless turned off', () => {
    expect(defaultConfigFile().desktop).toEqual({ notifications: true });
    expect(validateConfigText('desktop:\n  notifications: false\n')).toMatchObject({ ok: true, config: { desktop: { notifications: false } } });
  });

  it('a wrong value names its path and line', () => {
    const result = validateConfigText('routing:\n  mode: direct\ndesktop:\n  notifications: sometimes\n');
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ path: 'desktop.notifications', line: 4 })]);
  });
});
