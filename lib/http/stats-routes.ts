import { createRoute, z } from '@hono/zod-openapi';
import { feedKey, feedOfPath, isFeedKey } from '../audience/feed-of-path';
import { defaultRange, MAX_STATS_DAYS, type StatsService } from '../audience/stats-service';
import type { KeyService } from '../auth/key-service';
import { apiRoutes, COMMON_ERRORS, json, requireScope } from './api-routes';
import { UsageQuerySchema } from './key-routes';

/** `feed`: a feed's key (`site/rss`, `category#politics/atom`) or its path (`/categories/politics/atom.xml`). */
export const StatsQuerySchema = UsageQuerySchema.extend({
  to: UsageQuerySchema.shape.to.describe(
    `default: today (UTC); at most ${MAX_STATS_DAYS} days after \`from\``,
  ),
  feed: z
    .string()
    .max(300)
    .transform((value, ctx) => {
      const ref = value.startsWith('/') ? feedOfPath(value) : undefined;
      if (ref) return feedKey(ref);
      if (isFeedKey(value)) return value;
      ctx.addIssue({
        code: 'custom',
        message: 'must be a feed like site/rss or /categories/politics/atom.xml',
      });
      return z.NEVER;
    })
    .optional()
    .describe(
      'one feed, as `site/rss`, `category#politics/atom` or its path `/categories/politics/atom.xml`; default: all',
    ),
});

const counts = (description: string) => z.record(z.string(), z.int()).describe(description);

const AudienceStatsSchema = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    feed: z.string().optional(),
    days: z.array(
      z.object({
        day: z.iso.date(),
        feeds: z.array(
          z.object({
            feed: z.string().describe('scope/format, e.g. site/rss'),
            requests: z.int().describe('GET and HEAD answered 2xx or 304'),
            ok: z.int(),
            notModified: z.int(),
            bytes: z.int(),
            subscribers: z
              .int()
              .describe('aggregators’ latest reports plus distinct reader apps and newsletter tools'),
            aggregators: counts('each aggregator’s latest reported subscribers'),
            readers: counts('distinct individual clients per family'),
            families: counts('requests per client family'),
            clients: counts('requests per known client'),
            partners: counts('requests per partner key id'),
          }),
        ),
      }),
    ),
  })
  .openapi('AudienceStats');

/** Audience figures for admins (scope keys:admin). */
export function statsRoutes({
  stats,
  keys,
  now,
}: {
  stats: StatsService;
  keys: Pick<KeyService, 'authorize'>;
  now: () => Date;
}) {
  const routes = apiRoutes();
  routes.openapi(
    createRoute({
      method: 'get',
      path: '/stats',
      operationId: 'audienceStats',
      summary:
        'Subscribers and requests per feed and UTC day: aggregators’ reported counts, distinct reader apps, client families, partners (scope keys:admin)',
      middleware: [requireScope(keys, 'keys:admin')],
      request: { query: StatsQuerySchema },
      responses: {
        200: json(
          AudienceStatsSchema,
          'Every day of the range, oldest first, with each feed that had requests.',
        ),
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const range = defaultRange(now(), query.from, query.to);
      c.header('Cache-Control', 'no-store');
      return c.json(await stats.report({ ...range, feed: query.feed }), 200);
    },
  );
  return routes;
}
