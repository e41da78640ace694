import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../cli-error';

/**
 * The bytes of a source: a file, or an http(s) URL. Both are read as streams and cut off
 * as soon as they pass `maxBytes`, so a huge or endless source never fills memory.
 */

export interface SourceLimits {
  /** @default 20 MiB */
  maxBytes: number;
  /** For URLs, the whole download. @default 10 s */
  timeoutMs: number;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = { maxBytes: 20 * 1024 * 1024, timeoutMs: 10_000 };

const USER_AGENT = 'wirefeed-import/0.1';
const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/x-ndjson;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5';

const MIB = 1024 * 1024;
const size = (bytes: number) =>
  bytes >= MIB ? `${Math.round((bytes / MIB) * 10) / 10} MB` : `${bytes} bytes`;

/** A scheme of two letters or more: "C:\feeds\a.xml" is a Windows path, "ftp://…" is a URL. */
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]+):/;

async function collect(
  chunks: AsyncIterable<Uint8Array>,
  maxBytes: number,
  name: string,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new UsageError(
        `${name} is larger than ${size(maxBytes)}; split it (NDJSON) and import the parts`,
      );
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts, total);
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

async function readFileSource(path: string, cwd: string, limits: SourceLimits): Promise<Uint8Array> {
  // Breaking out of the loop (over the limit) destroys the stream and closes the file.
  const stream = createReadStream(resolve(cwd, path));
  try {
    return await collect(stream, limits.maxBytes, path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`cannot read ${path}: ${FILE_ERRORS[code] ?? (error as Error).message}`);
  }
}

function describeFetchError(error: unknown): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message;
}

async function readUrlSource(url: URL, limits: SourceLimits, fetchImpl: typeof fetch): Promise<Uint8Array> {
  const name = url.href;
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await fetchImpl(url, { signal, headers: { Accept: ACCEPT, 'User-Agent': USER_AGENT } });
    if (!response.ok) {
      await response.body?.cancel();
      throw new UsageError(`GET ${name} answered ${response.status} ${response.statusText}`.trimEnd());
    }
    const declared = Number(response.headers.get('Content-Length'));
    if (declared > limits.maxBytes) {
      await response.body?.cancel();
      throw new UsageError(`${name} is larger than ${size(limits.maxBytes)} (Content-Length: ${declared})`);
    }
    if (!response.body) return new Uint8Array();
    // Leaving the loop early cancels the body, which closes the connection.
    return await collect(response.body, limits.maxBytes, name);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (signal.aborted)
      throw new UsageError(`GET ${name} did not finish within ${limits.timeoutMs / 1000} s`);
    throw new UsageError(`cannot fetch ${name}: ${describeFetchError(error)}`);
  }
}

export async function readSource(
  source: string,
  {
    cwd,
    limits = DEFAULT_SOURCE_LIMITS,
    fetch: fetchImpl = fetch,
  }: { cwd: string; limits?: SourceLimits; fetch?: typeof fetch },
): Promise<Uint8Array> {
  const scheme = SCHEME.exec(source)?.[1]?.toLowerCase();
  if (scheme === undefined) return readFileSource(source, cwd, limits);
  if (scheme !== 'http' && scheme !== 'https') {
    throw new UsageError(`cannot import from ${scheme}: URLs; give a file path or an http(s) URL`);
  }
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new UsageError(`not a valid URL: ${source}`);
  }
  return readUrlSource(url, limits, fetchImpl);
}

/**
 * Bytes to text: a byte order mark wins, then the XML declaration's encoding
 * (XML 1.0 §4.3.3), then UTF-8, which JSON Feed and NDJSON must be in anyway.
 */
export function decodeSource(bytes: Uint8Array): string {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return new TextDecoder('utf-8').decode(bytes);
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  if (declared) {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // An encoding TextDecoder does not know: read it as UTF-8.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}
