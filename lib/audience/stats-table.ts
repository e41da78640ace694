import type { StatsReport } from './stats-service';

const COLUMNS = [
  'day',
  'feed',
  'subscribers',
  'aggregators',
  'readers',
  'requests',
  '200',
  '304',
  'bytes',
] as const;

/**
 * A report as a plain-text table, one row per day and feed, newest day first: what
 * `wirefeed stats` prints. Numbers right-aligned; aggregators as `Feedly 465, …`.
 */
export function formatStatsTable(report: StatsReport): string {
  const rows: string[][] = [];
  for (const { day, feeds } of [...report.days].reverse()) {
    for (const f of feeds) {
      const aggregators = Object.entries(f.aggregators)
        .sort((a, b) => b[1] - a[1])
        .map(([name, n]) => `${name} ${n}`)
        .join(', ');
      const readers = Object.values(f.readers).reduce((n, r) => n + (r ?? 0), 0);
      rows.push([
        day,
        f.feed,
        String(f.subscribers),
        aggregators || '-',
        String(readers),
        String(f.requests),
        String(f.ok),
        String(f.notModified),
        String(f.bytes),
      ]);
    }
  }
  if (!rows.length) return `No feed requests from ${report.from} to ${report.to}.\n`;
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const numeric = (i: number) => i === 2 || i >= 4;
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numeric(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}
