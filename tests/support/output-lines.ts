import { vi } from 'vitest';

/**
 * The JSON lines written to stdout and stderr while `act` runs (Powertools' logger and
 * its EMF metrics write there, where Lambda's runtime reads them); all output passes through.
 */
export async function jsonLinesOf(act: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const spies = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream);
    return vi.spyOn(stream, 'write').mockImplementation((chunk, ...rest) => {
      for (const line of String(chunk).split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not a JSON line
        }
      }
      return write(chunk as string, ...(rest as []));
    });
  });
  try {
    await act();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines;
}

/** The metrics of the EMF lines among `lines`, summed by name, with their namespace and dimensions. */
export function emfMetrics(lines: Record<string, unknown>[]) {
  const sums: Record<string, number> = {};
  const namespaces = new Set<string>();
  const dimensions = new Set<string>();
  for (const line of lines) {
    const aws = line._aws as
      | { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] }
      | undefined;
    if (!aws) continue;
    for (const directive of aws.CloudWatchMetrics) {
      namespaces.add(directive.Namespace);
      for (const set of directive.Dimensions) dimensions.add(set.map((d) => `${d}=${line[d]}`).join(','));
      for (const { Name } of directive.Metrics) {
        const value = line[Name];
        const values = Array.isArray(value) ? (value as number[]) : [value as number];
        sums[Name] = (sums[Name] ?? 0) + values.reduce((a, b) => a + b, 0);
      }
    }
  }
  return { sums, namespaces: [...namespaces], dimensions: [...dimensions] };
}
