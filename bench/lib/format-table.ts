import type { BenchTable } from '../types';

/** A plain-text table: numbers right-aligned, text left-aligned, notes underneath. */
export function formatTable(table: BenchTable): string {
  const cells = [table.columns, ...table.rows.map((row) => row.map((c) => (typeof c === 'number' ? c.toLocaleString('en-US') : c)))];
  const numeric = table.columns.map((_, i) => table.rows.length > 0 && table.rows.every((row) => typeof row[i] === 'number' || row[i] === ''));
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => String(row[i] ?? '').length)));
  const line = (row: (string | number)[]) =>
    row.map((c, i) => (numeric[i] ? String(c ?? '').padStart(widths[i]!) : String(c ?? '').padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [table.title, line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)];
  for (const note of table.notes ?? []) out.push(`  • ${note}`);
  return out.join('\n');
}
