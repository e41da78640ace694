import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArticleInputSchema } from '../../lib/articles/article';

/**
 * An in-process stand-in for the write API, implementing only its contract:
 * `PUT {api}/articles/{id}` with a bearer key and a JSON body without `id`; 201 when
 * created, 200 when replaced; RFC 9457 problems otherwise. Articles are stored by id,
 * so a second import can only replace. `fault` injects failures per attempt.
 */

export type Fault =
  | { status: 429 | 500 | 502 | 503; retryAfter?: string }
  | { status: 400; errors: Array<{ pointer: string; detail: string }> }
  | 'reset';

export interface FakeWriteApiOptions {
  /** @default 'test-key' */
  key?: string;
  /** How to answer attempt `attempt` (1-based) for article `id`; `undefined` answers normally. */
  fault?: (id: string, attempt: number) => Fault | undefined;
}

export interface FakeWriteApi {
  /** The base URL to pass as `--api`. */
  url: string;
  articles: Map<string, Record<string, unknown>>;
  /** Every PUT, in arrival order, with what it was answered. */
  requests: Array<{ id: string; status: number | 'reset' }>;
  attemptsFor(id: string): number;
  successesFor(id: string): number;
  close(): Promise<void>;
}

interface ProblemExtras {
  errors?: Array<{ pointer: string; detail: string }>;
  headers?: Record<string, string>;
}

function problem(
  res: ServerResponse,
  status: number,
  detail: string,
  { errors, headers }: ProblemExtras = {},
) {
  res.writeHead(status, { 'Content-Type': 'application/problem+json', ...headers });
  res.end(JSON.stringify({ type: 'about:blank', title: `HTTP ${status}`, status, detail, errors }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeWriteApi({
  key = 'test-key',
  fault,
}: FakeWriteApiOptions = {}): Promise<FakeWriteApi> {
  const articles = new Map<string, Record<string, unknown>>();
  const requests: FakeWriteApi['requests'] = [];
  const attempts = new Map<string, number>();

  const server = createServer(async (req, res) => {
    const match = /^\/api\/articles\/([^/?]+)$/.exec(req.url ?? '');
    if (req.method !== 'PUT' || !match?.[1])
      return problem(res, 404, 'Only PUT /api/articles/{id} lives here.');
    const id = decodeURIComponent(match[1]);
    const body = await readBody(req);
    const answer = (status: number | 'reset') => requests.push({ id, status });

    if (req.headers.authorization !== `Bearer ${key}`) {
      answer(401);
      return problem(res, 401, 'The API key is missing or not valid.');
    }
    const attempt = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, attempt);
    const injected = fault?.(id, attempt);
    if (injected === 'reset') {
      answer('reset');
      return req.socket.destroy();
    }
    if (injected) {
      answer(injected.status);
      if (injected.status === 400)
        return problem(res, 400, 'The article is not valid.', { errors: injected.errors });
      const headers: Record<string, string> =
        injected.retryAfter === undefined ? {} : { 'Retry-After': injected.retryAfter };
      return problem(res, injected.status, 'Try again later.', { headers });
    }
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
      answer(415);
      return problem(res, 415, 'Send application/json.');
    }
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body);
    } catch {
      answer(400);
      return problem(res, 400, 'The body is not valid JSON.');
    }
    if ('id' in input) {
      answer(400);
      return problem(res, 400, 'The article is not valid.', {
        errors: [{ pointer: '/id', detail: 'goes in the URL' }],
      });
    }
    const parsed = ArticleInputSchema.safeParse(input);
    if (!parsed.success) {
      answer(400);
      const errors = parsed.error.issues.map((i) => ({ pointer: `/${i.path.join('/')}`, detail: i.message }));
      return problem(res, 400, 'The article is not valid.', { errors });
    }
    const created = !articles.has(id);
    const stored = { ...parsed.data, id };
    articles.set(id, stored);
    answer(created ? 201 : 200);
    res.writeHead(created ? 201 : 200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(stored));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const count = (id: string, ok: (s: number | 'reset') => boolean) =>
    requests.filter((r) => r.id === id && ok(r.status)).length;

  return {
    url: `http://127.0.0.1:${port}/api`,
    articles,
    requests,
    attemptsFor: (id) => count(id, () => true),
    successesFor: (id) => count(id, (s) => s === 200 || s === 201),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
