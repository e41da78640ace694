import type { LoadResult } from './http-load';
import type { RenderResult } from './render';
import type { ScaleResult } from './scale';
import { round } from './stats';

/** The targets of issue 5. Reported, never enforced: the run does not fail on a miss. */
export interface Target {
  name: string;
  /** What is compared, e.g. "304 req/s ÷ hello-world req/s". */
  measure: string;
  value: number;
  comparison: '≥' | '≤';
  limit: number;
  met: boolean;
}

function target(name: string, measure: string, value: number, comparison: '≥' | '≤', limit: number): Target {
  const met = comparison === '≥' ? value >= limit : value <= limit;
  return { name, measure, value: round(value, 3), comparison, limit, met };
}

export function evaluateTargets(http: LoadResult[], render: RenderResult[], scale: ScaleResult[]): Target[] {
  const rps = (name: string) => http.find((h) => h.name === name)!.requestsPerSecond;
  const ms = (items: number, renderer: string) =>
    render.find((r) => r.items === items && r.renderer === renderer)!.msPerRender;
  const [small, large] = scale;
  return [
    target('304 throughput', '(d) 304 req/s ÷ (a) hello-world req/s', rps('304') / rps('hello'), '≥', 0.9),
    target(
      'warm 200 throughput',
      '(c) warm 200 req/s ÷ (b) in-memory req/s',
      rps('200') / rps('memory'),
      '≥',
      0.8,
    ),
    target(
      'cold render, 50 items',
      'wirefeed renderRss ms ÷ feed rss2() ms',
      ms(50, 'wirefeed rss') / ms(50, 'feed rss2'),
      '≤',
      0.5,
    ),
    target(
      'latency at 100,000 articles',
      'p50 with 100,000 ÷ p50 with 100',
      large!.p50Ms / small!.p50Ms,
      '≤',
      1.2,
    ),
  ];
}

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

export const fixed = (value: number, digits = 2) => value.toFixed(digits);
