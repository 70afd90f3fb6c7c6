/**
 * Reads the `[Desktop Entry]` group of a freedesktop .desktop file (resources/linux/switchyard.desktop),
 * so the packaging config takes the Linux entry's fields from that one file.
 */
export function parseDesktopEntry(text: string): Record<string, string> {
  const entry: Record<string, string> = {};
  let inEntry = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      inEntry = line === '[Desktop Entry]';
      continue;
    }
    const eq = line.indexOf('=');
    if (!inEntry || eq <= 0) continue;
    entry[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  if (!entry.Name || !entry.Type) throw new Error('a desktop entry needs Name and Type in its [Desktop Entry] group');
  return entry;
}
