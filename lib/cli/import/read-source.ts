import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../cli-error';

/**
 * A source, file or http(s) URL, as a stream of bytes: nothing is held but the chunk being
 * read. Documents (RSS, Atom, JSON Feed) are collected with `collectSource`, cut off as
 * soon as they pass `maxBytes`, so a huge or endless one never fills memory; NDJSON is
 * read line by line (./source-lines.ts) and has no size limit.
 */

export interface SourceLimits {
  /** For documents (RSS, Atom, JSON Feed), read whole. @default 20 MiB */
  maxBytes: number;
  /** For URLs, each wait: for the answer, then for every part of the body. @default 10 s */
  timeoutMs: number;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = { maxBytes: 20 * 1024 * 1024, timeoutMs: 10_000 };

export interface OpenedSource {
  /** The path or URL, for messages. */
  name: string;
  /** Read once. Leaving a loop over it early closes the file or the connection. */
  chunks: AsyncIterable<Uint8Array>;
}

export interface SourceOptions {
  cwd: string;
  limits?: SourceLimits;
  fetch?: typeof fetch;
}

const USER_AGENT = 'wirefeed-import/0.1';
const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/x-ndjson;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5';

const MIB = 1024 * 1024;
const size = (bytes: number) =>
  bytes >= MIB ? `${Math.round((bytes / MIB) * 10) / 10} MB` : `${bytes} bytes`;

/** A scheme of two letters or more: "C:\feeds\a.xml" is a Windows path, "ftp://…" is a URL. */
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]+):/;

/** The whole of a document source, refused as soon as it passes `maxBytes`. */
export async function collectSource({ name, chunks }: OpenedSource, maxBytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new UsageError(
        `${name} is larger than ${size(maxBytes)}; split it, or import it as NDJSON (no size limit)`,
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

const fileError = (path: string, error: unknown) =>
  new UsageError(
    `cannot read ${path}: ${FILE_ERRORS[(error as NodeJS.ErrnoException).code ?? ''] ?? (error as Error).message}`,
  );

function openFileSource(path: string, cwd: string): OpenedSource {
  async function* chunks() {
    // Breaking out of the loop destroys the stream and closes the file.
    const stream = createReadStream(resolve(cwd, path));
    try {
      for await (const chunk of stream) yield chunk as Uint8Array;
    } catch (error) {
      throw fileError(path, error);
    }
  }
  return { name: path, chunks: chunks() };
}

function describeFetchError(error: unknown): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message;
}

/**
 * Aborts `controller` when a wait lasts `ms`: armed while we wait for the server, not
 * while the importer is busy sending, so a long import of a slow-to-send NDJSON URL lives.
 */
function stallTimer(controller: AbortController, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  return {
    async wait<T>(promise: Promise<T>): Promise<T> {
      timer = setTimeout(() => controller.abort(), ms);
      try {
        return await promise;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

async function openUrlSource(url: URL, limits: SourceLimits, fetchImpl: typeof fetch): Promise<OpenedSource> {
  const name = url.href;
  const controller = new AbortController();
  const stall = stallTimer(controller, limits.timeoutMs);
  const failure = (error: unknown) => {
    if (error instanceof UsageError) return error;
    if (controller.signal.aborted)
      return new UsageError(`GET ${name} sent nothing for ${limits.timeoutMs / 1000} s`);
    return new UsageError(`cannot fetch ${name}: ${describeFetchError(error)}`);
  };
  let response: Response;
  try {
    response = await stall.wait(
      fetchImpl(url, {
        signal: controller.signal,
        headers: { Accept: ACCEPT, 'User-Agent': USER_AGENT },
      }),
    );
  } catch (error) {
    throw failure(error);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new UsageError(`GET ${name} answered ${response.status} ${response.statusText}`.trimEnd());
  }
  const declared = Number(response.headers.get('Content-Length'));
  if (declared > limits.maxBytes && !isNdjsonType(response.headers.get('Content-Type'))) {
    await response.body?.cancel();
    throw new UsageError(`${name} is larger than ${size(limits.maxBytes)} (Content-Length: ${declared})`);
  }
  const body = response.body;
  async function* chunks() {
    if (!body) return;
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await stall.wait(reader.read());
        if (done) return;
        yield value;
      }
    } catch (error) {
      throw failure(error);
    } finally {
      // Leaving early (over the limit, or the import stopped) closes the connection.
      await reader.cancel().catch(() => {});
    }
  }
  return { name, chunks: chunks() };
}

/** NDJSON is streamed, so its Content-Length is no reason to refuse it. */
const isNdjsonType = (type: string | null) => /^application\/(x-)?ndjson\b/i.test(type ?? '');

export async function openSource(
  source: string,
  { cwd, limits = DEFAULT_SOURCE_LIMITS, fetch: fetchImpl = fetch }: SourceOptions,
): Promise<OpenedSource> {
  const scheme = SCHEME.exec(source)?.[1]?.toLowerCase();
  if (scheme === undefined) return openFileSource(source, cwd);
  if (scheme !== 'http' && scheme !== 'https') {
    throw new UsageError(`cannot import from ${scheme}: URLs; give a file path or an http(s) URL`);
  }
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new UsageError(`not a valid URL: ${source}`);
  }
  return openUrlSource(url, limits, fetchImpl);
}

/** The whole source as a document (at most `limits.maxBytes`). */
export async function readSource(source: string, options: SourceOptions): Promise<Uint8Array> {
  return collectSource(await openSource(source, options), (options.limits ?? DEFAULT_SOURCE_LIMITS).maxBytes);
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
