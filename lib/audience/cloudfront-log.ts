import type { Hit } from './hit';
import { partnerOfQuery } from './hit';

/**
 * CloudFront standard logs (legacy and v2 in W3C form): gzip-compressed text, one request
 * per line, fields separated by tabs, in the order a `#Fields:` header names them
 * (`date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status
 * cs(Referer) cs(User-Agent) cs-uri-query …`); `-` for an empty field. CloudFront
 * URL-encodes the User-Agent and the query string. Reading the header rather than
 * assuming positions keeps a log with fields added (as CloudFront has done over the
 * years) or chosen (v2) readable.
 */

const REQUIRED = ['date', 'time', 'c-ip', 'cs-method', 'cs-uri-stem', 'sc-status'] as const;

export class LogFormatError extends Error {
  override name = 'LogFormatError';
}

function decode(value: string | undefined): string {
  if (value === undefined || value === '-') return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The hits of a log file's lines; malformed lines are skipped and counted in `skipped`. */
export async function* parseCloudFrontLog(
  lines: AsyncIterable<string> | Iterable<string>,
  stats: { skipped: number } = { skipped: 0 },
): AsyncGenerator<Hit> {
  let index: Map<string, number> | undefined;
  for await (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (line.startsWith('#Fields:')) {
        const names = line.slice('#Fields:'.length).trim().split(/\s+/);
        index = new Map(names.map((name, i) => [name, i]));
        const missing = REQUIRED.filter((f) => !index!.has(f));
        if (missing.length) throw new LogFormatError(`The log's #Fields lack ${missing.join(', ')}`);
      }
      continue;
    }
    if (!index) throw new LogFormatError('A log line came before the #Fields header');
    const values = line.split('\t');
    const field = (name: string) => {
      const i = index!.get(name);
      return i === undefined ? undefined : values[i];
    };
    const at = new Date(`${field('date')}T${field('time')}Z`);
    const status = Number(field('sc-status'));
    if (Number.isNaN(at.getTime()) || !Number.isInteger(status)) {
      stats.skipped++;
      continue;
    }
    const query = decode(field('cs-uri-query'));
    yield {
      at,
      method: field('cs-method') ?? '',
      path: decode(field('cs-uri-stem')),
      status,
      bytes: Number(field('sc-bytes')) || 0,
      // Double-encoded in some CloudFront logs (`%2520` for a space): decode until stable, at most twice.
      userAgent: decode(decode(field('cs(User-Agent)'))),
      address: field('c-ip') ?? '',
      partnerId: query ? partnerOfQuery(new URLSearchParams(query)) : undefined,
    };
  }
}
