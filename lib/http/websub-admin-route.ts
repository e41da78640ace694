import { createRoute, z } from '@hono/zod-openapi';
import { COMMON_ERRORS, json } from './api-routes';

const SubscriptionsSchema = z
  .object({
    items: z.array(
      z.object({
        topic: z.url(),
        callbackHost: z.string(),
        state: z.enum(['active', 'expired']),
        leaseExpiresAt: z.iso.datetime(),
        signed: z.boolean(),
        lastDelivery: z
          .object({
            at: z.iso.datetime(),
            status: z.int().describe('0: no answer (timeout, refused address)'),
            outcome: z.enum(['delivered', 'retrying', 'gone', 'dead']),
            detail: z.string().optional(),
          })
          .nullable(),
      }),
    ),
    next: z.url().nullable().describe('The next page, or null on the last one.'),
    countsByTopic: z.record(z.string(), z.int()).describe('Active subscriptions per topic, over every page.'),
    deadLetters: z.array(z.object({}).loose()),
  })
  .openapi('WebSubSubscriptions');

/**
 * `GET /api/websub/subscriptions`, declared once. The hub's app serves it
 * (lib/http/websub-app.ts, beside `POST /websub`); the write API's document describes it
 * (`createArticlesApp({ documented })`), as it lives under the same /api.
 */
export const listWebSubSubscriptionsRoute = createRoute({
  method: 'get',
  path: '/websub/subscriptions',
  operationId: 'listWebSubSubscriptions',
  summary:
    'WebSub subscriptions, active counts per topic and the latest dead letters (scope keys:admin). ' +
    'Subscribers use POST {PUBLIC_BASE_URL}/websub (WebSub §5, form-encoded), not this API.',
  request: {
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(1_000).default(100),
      cursor: z.string().max(3_000).optional(),
    }),
  },
  responses: {
    200: json(
      SubscriptionsSchema,
      'By topic, then callback; callbacks by host only; secrets are never returned.',
    ),
    ...COMMON_ERRORS,
  },
});
