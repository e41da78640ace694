import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { KeyService } from '../auth/key-service';
import { cursorFromClient } from '../cursor';
import { ValidationError } from '../errors';
import type { Hub } from '../websub/hub';
import { createRateLimiter } from '../websub/rate-limit';
import type { WebSubStore } from '../websub/websub-store';
import { fieldIssues } from '../zod-issues';
import { notFound, onError, problemResponse } from './problem';
import { listWebSubSubscriptionsRoute } from './websub-admin-route';

export interface WebSubAppDeps {
  hub: Pick<Hub, 'request'>;
  store: Pick<WebSubStore, 'listSubscriptions' | 'listSubscriptionPage' | 'listDeadLetters'>;
  /** Where the admin listing's `next` link points (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  keys: Pick<KeyService, 'authorize'>;
  now: () => Date;
  /** Runs after a request is queued (the local worker starts at once). */
  onQueued?: () => void;
}

/** Hub parameters are a few URLs; nothing legitimate comes near this. */
const MAX_FORM_BYTES = 8 * 1024;

/**
 * Who is asking, for rate limiting: the viewer address CloudFront forwards on AWS, the
 * socket's peer locally. Never `X-Forwarded-For`, which anyone can write.
 */
function clientOf(c: Context): string {
  const viewer = c.req.header('CloudFront-Viewer-Address');
  if (viewer) return viewer.replace(/:\d+$/, '');
  const env = c.env as
    | {
        incoming?: { socket?: { remoteAddress?: string } };
        requestContext?: { http?: { sourceIp?: string } };
      }
    | undefined;
  // Locally the socket's peer; on Lambda (a request that did not come through CloudFront) API Gateway's source IP.
  return env?.incoming?.socket?.remoteAddress ?? env?.requestContext?.http?.sourceIp ?? 'unknown';
}

/** `POST /websub` (the hub) and `GET /api/websub/subscriptions` (admins). */
export function createWebSubApp({ hub, store, keys, now, onQueued, publicBaseUrl }: WebSubAppDeps) {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  const limiter = createRateLimiter();

  app.post(
    '/websub',
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      // RFC 9110 §15.5.14: the rest of the body is not read, so the connection cannot be
      // reused; say so, rather than close a socket the client thinks is kept alive.
      onError: (c) =>
        problemResponse(
          c,
          {
            title: 'Content Too Large',
            status: 413,
            detail: `The body is over ${MAX_FORM_BYTES} bytes.`,
          },
          { Connection: 'close' },
        ),
    }),
    async (c) => {
      const type = c.req.header('Content-Type') ?? '';
      if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type))
        return problemResponse(c, {
          title: 'Unsupported Media Type',
          status: 415,
          detail: 'Send hub.* parameters as application/x-www-form-urlencoded (WebSub §5.1).',
        });
      const allowed = limiter.take(clientOf(c), now().getTime());
      if (!allowed.ok)
        return problemResponse(
          c,
          {
            title: 'Too Many Requests',
            status: 429,
            detail: 'Too many subscription requests; try again later.',
          },
          { 'Retry-After': String(allowed.retryAfterSeconds) },
        );
      await hub.request(new URLSearchParams(await c.req.text()));
      onQueued?.();
      // §5.2: accepted; intent is verified asynchronously at the callback.
      return c.body(null, 202, { 'Cache-Control': 'no-store' });
    },
  );

  app.get('/api/websub/subscriptions', async (c) => {
    await keys.authorize(c.req.header('Authorization'), 'keys:admin');
    // Validated by the route's own declaration (./websub-admin-route.ts), as documented.
    const query = listWebSubSubscriptionsRoute.request.query.safeParse(c.req.query());
    if (!query.success) throw new ValidationError('Invalid query.', fieldIssues(query.error, 'query'));
    const { limit, cursor } = query.data;
    const at = now().toISOString();
    // The counts cover every subscription; the items, one page (a response stays small).
    const counts: Record<string, number> = {};
    for (const s of await store.listSubscriptions()) {
      if (s.expiresAt > at) counts[s.topic] = (counts[s.topic] ?? 0) + 1;
    }
    const page = await store.listSubscriptionPage({
      limit,
      cursor: cursor === undefined ? undefined : cursorFromClient('cursor', cursor),
    });
    const items = page.items.map((s) => ({
      topic: s.topic,
      // The callback's host only: its path and query may hold the subscriber's own tokens; never the secret.
      callbackHost: new URL(s.callback).host,
      state: s.expiresAt > at ? ('active' as const) : ('expired' as const),
      leaseExpiresAt: s.expiresAt,
      signed: s.secret !== undefined,
      lastDelivery: s.lastDelivery ?? null,
    }));
    const next = page.cursor
      ? `${publicBaseUrl}/api/websub/subscriptions?${new URLSearchParams({ limit: String(limit), cursor: page.cursor })}`
      : null;
    const deadLetters = (await store.listDeadLetters(50)).map((l) => ({
      kind: l.job.kind,
      topic: l.job.topic,
      callbackHost: 'callback' in l.job ? new URL(l.job.callback).host : undefined,
      at: l.at,
      attempts: l.job.attempts,
      lastResult: l.lastResult,
    }));
    return c.json({ items, next, countsByTopic: counts, deadLetters }, 200, { 'Cache-Control': 'no-store' });
  });

  return app;
}
