import { createRoute, z } from '@hono/zod-openapi';
import { KEY_SCOPES, NewKeySchema } from '../auth/api-key';
import type { KeyService } from '../auth/key-service';
import type { PartnerUsage } from '../auth/partner-usage';
import type { SiteConfig } from '../config';
import { ValidationError } from '../errors';
import { fieldIssues } from '../zod-issues';
import {
  apiRoutes,
  BODY_ERRORS,
  COMMON_ERRORS,
  json,
  jsonRequestBody,
  problem,
  requireScope,
} from './api-routes';
import { jsonBody, readJson } from './json-body';

const day = z.iso.date({ error: 'must be a date like 2026-11-26' });
export const UsageQuerySchema = z.strictObject({
  from: day.optional().describe('default: 29 days before `to`'),
  to: day.optional().describe('default: today (UTC)'),
});

const KeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.enum(KEY_SCOPES)),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().optional(),
  })
  .openapi('Key');

const CreatedKeySchema = KeySchema.extend({
  key: z.string(),
  feedToken: z.string().optional().describe('Partner keys only: put it in feed URLs as ?token='),
}).openapi('CreatedKey');

const UsageSchema = z
  .object({
    partner: z.string(),
    from: z.iso.date(),
    to: z.iso.date(),
    total: z.int(),
    days: z.array(z.object({ day: z.iso.date(), requests: z.int() })),
  })
  .openapi('PartnerUsage');

const idParams = z.object({ id: z.string() });

/** API keys and partner usage, for admins (scope keys:admin). */
export function keyRoutes({
  keys,
  usage,
  site,
  now,
}: {
  keys: KeyService;
  usage: PartnerUsage;
  site: SiteConfig;
  now: () => Date;
}) {
  const routes = apiRoutes();
  const newKeyBody = jsonRequestBody(routes, 'NewKey', NewKeySchema);
  const admin = requireScope(keys, 'keys:admin');

  routes.openapi(
    createRoute({
      method: 'post',
      path: '/keys',
      operationId: 'createKey',
      summary: 'Create an API key; the response is the only time the key is shown (scope keys:admin)',
      middleware: [admin, ...jsonBody],
      request: { body: newKeyBody },
      responses: { 201: json(CreatedKeySchema, 'Created.'), ...BODY_ERRORS, ...COMMON_ERRORS },
    }),
    async (c) => {
      const input = NewKeySchema.safeParse(await readJson(c));
      if (!input.success)
        throw new ValidationError('The key request is not valid.', fieldIssues(input.error, 'body'));
      const created = await keys.createKey(input.data);
      c.header('Cache-Control', 'no-store');
      c.header('Location', `${site.publicBaseUrl}/api/keys/${created.id}`);
      return c.json(created, 201);
    },
  );

  routes.openapi(
    createRoute({
      method: 'get',
      path: '/keys',
      operationId: 'listKeys',
      summary: 'List API keys, without secrets (scope keys:admin)',
      middleware: [admin],
      responses: {
        200: json(z.object({ items: z.array(KeySchema) }), 'Every key.'),
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ items: await keys.listKeys() }, 200);
    },
  );

  routes.openapi(
    createRoute({
      method: 'delete',
      path: '/keys/{id}',
      operationId: 'revokeKey',
      summary: 'Revoke an API key (scope keys:admin)',
      middleware: [admin],
      request: { params: idParams },
      responses: {
        204: { description: 'Revoked.' },
        404: problem('No such key.'),
        409: problem('The last live keys:admin key: create another admin key first.'),
        ...COMMON_ERRORS,
      },
    }),
    async (c) => {
      await keys.revokeKey(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  routes.openapi(
    createRoute({
      method: 'get',
      path: '/partners/{id}/usage',
      operationId: 'partnerUsage',
      summary: "A partner key's feed requests per UTC day (scope keys:admin)",
      middleware: [admin],
      request: { params: idParams, query: UsageQuerySchema },
      responses: { 200: json(UsageSchema, 'Days with requests, oldest first.'), ...COMMON_ERRORS },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const to = query.to ?? now().toISOString().slice(0, 10);
      const from = query.from ?? new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
      if (from > to) {
        throw new ValidationError('from must not be after to.', [
          { parameter: 'from', detail: `must be on or before to (${to}), got "${from}"` },
        ]);
      }
      const days = await usage.daily(id, from, to);
      c.header('Cache-Control', 'no-store');
      return c.json({ partner: id, from, to, total: days.reduce((n, d) => n + d.requests, 0), days }, 200);
    },
  );

  return routes;
}
