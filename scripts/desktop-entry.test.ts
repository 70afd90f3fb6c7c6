import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDesktopEntry } from './desktop-entry';

describe('the Linux desktop entry', () => {
  it('names the app, its launcher and icon, and where menus list it', () => {
    const entry = parseDesktopEntry(readFileSync(resolve(import.meta.dirname, '../resources/linux/switchyard.desktop'), 'utf8'));
    expect(entry).toMatchObject({ Type: 'Application', Name: 'Switchyard', Exec: 'switchyard %U', Icon: 'switchyard', Terminal: 'false' });
    expect(entry.Categories!.split(';')).toContain('Development');
    // Electron sets the window class from package.json's desktopName; the entry must match it to group windows.
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')) as { desktopName: string };
    expect(`${entry.StartupWMClass}.desktop`).toBe(pkg.desktopName);
  });

  it('reads only the [Desktop Entry] group and insists on Name and Type', () => {
    expect(parseDesktopEntry('# c\n[Desktop Entry]\nType=Application\nName=X\n[Desktop Action new]\nName=Other\n')).toEqual({ Type: 'Application', Name: 'X' });
    expect(() => parseDesktopEntry('[Desktop Entry]\nType=Application\n')).toThrow(/Name and Type/);
  });
});
