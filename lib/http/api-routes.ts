import { OpenAPIHono, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import type { KeyScope } from '../auth/api-key';
import type { KeyService } from '../auth/key-service';
import { NotFoundError, ValidationError } from '../errors';
import { fieldIssues } from '../zod-issues';

/**
 * Building blocks for write/admin routes declared once with `createRoute`: the route's
 * schemas validate the request and generate the OpenAPI document (lib/http/openapi.ts).
 * A feature adds a route group (`apiRoutes()`, then `group.openapi(route, handler)`) in
 * its own file and mounts it with `createArticlesApp({ routes: [group] })`.
 */

/**
 * A new route group: declare each route with `createRoute`, register it with `.openapi()`.
 * Failed query or path validation becomes a typed error for the one `onError`: a path
 * parameter that cannot name anything is a 404 (`notFound` its detail), anything else a
 * 400 naming each parameter.
 */
export function apiRoutes({ notFound = 'There is no such resource.' } = {}): OpenAPIHono {
  return new OpenAPIHono({
    defaultHook: (result) => {
      if (result.success) return;
      if (result.target === 'param') throw new NotFoundError(notFound);
      throw new ValidationError('Invalid query.', fieldIssues(result.error, 'query'));
    },
  });
}

/** Authenticates and authorizes before the route reads anything. */
export const requireScope = (keys: Pick<KeyService, 'authorize'>, scope: KeyScope) =>
  createMiddleware(async (c, next) => {
    await keys.authorize(c.req.header('Authorization'), scope);
    await next();
  });

/**
 * A JSON request body named `name` in the document's components, as zod's own JSON
 * Schema 2020-12 of what the schema accepts (OpenAPI 3.1's dialect). The router does not
 * validate it: the handler reads it with `readJson` (after `jsonBody`'s type, size and
 * depth checks) and the service validates it with this same schema, after normalizing.
 */
export function jsonRequestBody(group: OpenAPIHono, name: string, schema: z.ZodType) {
  const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  });
  group.openAPIRegistry.registerComponent('schemas', name, jsonSchema as never);
  return {
    required: true,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
  };
}

/** RFC 9457 problem details, as the one `onError` writes them. */
const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    errors: z
      .array(
        z.object({ pointer: z.string().optional(), parameter: z.string().optional(), detail: z.string() }),
      )
      .optional()
      .describe('Each offending body field (JSON pointer) or query parameter'),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

/** A JSON response. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A problem+json response (RFC 9457), as the one `onError` writes it. */
export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** What every authenticated route may answer. */
export const COMMON_ERRORS = {
  400: problem('Invalid JSON, fields or parameters; `errors` names each one.'),
  401: problem('No API key, or one that is malformed, unknown or revoked.'),
  403: problem('The API key lacks the scope this operation needs.'),
  503: problem('The store is busy; retry after `Retry-After` seconds.'),
} as const;

/** What a route with a JSON body (`jsonBody`) may answer besides. */
export const BODY_ERRORS = {
  413: problem('The body is over 256 KB.'),
  415: problem('The body is not application/json.'),
} as const;
