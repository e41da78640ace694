import * as z from 'zod';
import packageJson from '../../package.json' with { type: 'json' };
import { ArticleInputSchema, ArticleSchema } from '../articles/article';
import { KEY_SCOPES, NewKeySchema } from '../auth/api-key';
import type { SiteConfig } from '../config';

/**
 * OpenAPI 3.1 for the write API, generated from the same zod schemas that validate
 * requests (3.1 uses JSON Schema 2020-12, which is what `z.toJSONSchema` emits).
 */

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  });
  return rest;
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const ERRORS = {
  '400': problem('Invalid JSON, fields or parameters; `errors` names each one.'),
  '401': problem('No API key, or one that is malformed, unknown or revoked.'),
  '403': problem('The API key lacks the scope this operation needs.'),
  '503': problem('The store is busy; retry after `Retry-After` seconds.'),
};

const articleResponse = (description: string, headers: string[], schema = 'Article') => ({
  description,
  headers: Object.fromEntries(headers.map((h) => [h, { schema: { type: 'string' } }])),
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
});

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$' },
};
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description:
    'The ETag of the version this change is based on, or `*`: 412 when the article is at another version.',
  schema: { type: 'string' },
};

/** `from` and `to` of the daily reports (partner usage, audience stats): UTC days, the 30 up to today by default. */
const DAY_RANGE_PARAMETERS = [
  {
    name: 'from',
    in: 'query',
    schema: { type: 'string', format: 'date' },
    description: 'default: 29 days before `to`',
  },
  {
    name: 'to',
    in: 'query',
    schema: { type: 'string', format: 'date' },
    description: 'default: today (UTC); /stats covers at most 92 days',
  },
];

export function buildOpenApiDocument(site: SiteConfig) {
  const writeBody = {
    required: true,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ArticleInput' } } },
  };
  const bodyErrors = {
    '413': problem('The body is over 256 KB.'),
    '415': problem('The body is not application/json.'),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'wirefeed write API',
      version: packageJson.version,
      description:
        'Publish, correct, schedule and delete articles; manage API keys. Authenticate with `Authorization: Bearer <key>`.',
    },
    servers: [{ url: `${site.publicBaseUrl}/api` }],
    security: [{ bearer: [] }],
    paths: {
      '/articles': {
        post: {
          operationId: 'createArticle',
          summary: 'Create an article (scope articles:write)',
          description:
            'Only `title` is required (with `contentHtml` or `summary` for readers). Left out, `slug` comes from the title (made unique), an author `slug` from the name, `authors` is the site, `publishedAt` is now, `language` SITE_LANGUAGE and `url` ARTICLE_URL_TEMPLATE. What is given always wins; `derived` lists what was derived.',
          requestBody: writeBody,
          responses: {
            '201': articleResponse('Created.', ['Location', 'ETag'], 'ArticleWritten'),
            '409': problem('An article with this id exists.'),
            ...bodyErrors,
            ...ERRORS,
          },
        },
        get: {
          operationId: 'listArticles',
          summary: 'List articles by status, drafts included (scope articles:read)',
          parameters: [
            { name: 'status', in: 'query', schema: { enum: ['draft', 'published'], default: 'published' } },
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'Most recently changed first; follow `next` for more.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ArticleList' } } },
            },
            ...ERRORS,
          },
        },
      },
      '/articles/{id}': {
        parameters: [idParameter],
        get: {
          operationId: 'getArticle',
          summary: 'Read one article, drafts included (scope articles:read)',
          responses: {
            '200': articleResponse('The article.', ['ETag']),
            '404': problem('No such article.'),
            ...ERRORS,
          },
        },
        put: {
          operationId: 'putArticle',
          summary: 'Create or replace an article, idempotently (scope articles:write)',
          parameters: [ifMatch],
          requestBody: writeBody,
          responses: {
            '200': articleResponse('Replaced (or unchanged).', ['ETag'], 'ArticleWritten'),
            '201': articleResponse('Created.', ['Location', 'ETag'], 'ArticleWritten'),
            '412': problem('If-Match did not match the current version.'),
            ...bodyErrors,
            ...ERRORS,
          },
        },
        delete: {
          operationId: 'deleteArticle',
          summary: 'Delete an article: it leaves every feed (scope articles:write)',
          parameters: [ifMatch],
          responses: {
            '204': { description: 'Deleted.' },
            '404': problem('No such article.'),
            '412': problem('If-Match did not match the current version.'),
            ...ERRORS,
          },
        },
      },
      '/keys': {
        post: {
          operationId: 'createKey',
          summary: 'Create an API key; the response is the only time the key is shown (scope keys:admin)',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/NewKey' } } },
          },
          responses: {
            '201': {
              description: 'Created.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/CreatedKey' } } },
            },
            ...bodyErrors,
            ...ERRORS,
          },
        },
        get: {
          operationId: 'listKeys',
          summary: 'List API keys, without secrets (scope keys:admin)',
          responses: {
            '200': {
              description: 'Every key.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Key' } } },
                  },
                },
              },
            },
            ...ERRORS,
          },
        },
      },
      '/partners/{id}/usage': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          operationId: 'partnerUsage',
          summary: "A partner key's feed requests per UTC day (scope keys:admin)",
          parameters: DAY_RANGE_PARAMETERS,
          responses: {
            '200': {
              description: 'Days with requests, oldest first.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      partner: { type: 'string' },
                      from: { type: 'string', format: 'date' },
                      to: { type: 'string', format: 'date' },
                      total: { type: 'integer' },
                      days: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            day: { type: 'string', format: 'date' },
                            requests: { type: 'integer' },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            ...ERRORS,
          },
        },
      },
      '/stats': {
        get: {
          operationId: 'audienceStats',
          summary:
            'Subscribers and requests per feed and UTC day: aggregators’ reported counts, distinct reader apps, client families, partners (scope keys:admin)',
          parameters: [
            ...DAY_RANGE_PARAMETERS,
            {
              name: 'feed',
              in: 'query',
              schema: { type: 'string' },
              description:
                'one feed, as `site/rss`, `category#politics/atom` or its path `/categories/politics/atom.xml`; default: all',
            },
          ],
          responses: {
            '200': {
              description: 'Every day of the range, oldest first, with each feed that had requests.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/AudienceStats' } } },
            },
            ...ERRORS,
          },
        },
      },
      '/websub/subscriptions': {
        get: {
          operationId: 'listWebSubSubscriptions',
          summary:
            'WebSub subscriptions, active counts per topic and the latest dead letters (scope keys:admin). ' +
            'Subscribers use POST {PUBLIC_BASE_URL}/websub (WebSub §5, form-encoded), not this API.',
          responses: {
            '200': {
              description: 'Callbacks by host only; secrets are never returned.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      items: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            topic: { type: 'string', format: 'uri' },
                            callbackHost: { type: 'string' },
                            state: { enum: ['active', 'expired'] },
                            leaseExpiresAt: { type: 'string', format: 'date-time' },
                            signed: { type: 'boolean' },
                            lastDelivery: {
                              type: ['object', 'null'],
                              properties: {
                                at: { type: 'string', format: 'date-time' },
                                status: {
                                  type: 'integer',
                                  description: '0: no answer (timeout, refused address)',
                                },
                                outcome: { enum: ['delivered', 'retrying', 'gone', 'dead'] },
                                detail: { type: 'string' },
                              },
                            },
                          },
                        },
                      },
                      countsByTopic: { type: 'object', additionalProperties: { type: 'integer' } },
                      deadLetters: { type: 'array', items: { type: 'object' } },
                    },
                  },
                },
              },
            },
            ...ERRORS,
          },
        },
      },
      '/sources': {
        post: {
          operationId: 'followSource',
          summary: 'Follow a feed: wirefeed polls it and upserts its articles (scope articles:write)',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['url'],
                  additionalProperties: false,
                  properties: {
                    url: { type: 'string', format: 'uri', description: 'An RSS, Atom or JSON Feed URL' },
                    every: {
                      oneOf: [
                        { type: 'string', pattern: '^\\d+(s|m|h|d)?$' },
                        { type: 'integer', minimum: 60, maximum: 604800 },
                      ],
                      default: '15m',
                      description: 'Poll interval: "90s", "15m", "1h", "1d" or seconds; at least 1 minute',
                    },
                  },
                },
              },
            },
          },
          responses: {
            '201': {
              description: 'Following; the first poll is due at once.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Source' } } },
            },
            '200': {
              description: 'Already followed; interval updated.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Source' } } },
            },
            ...bodyErrors,
            ...ERRORS,
          },
        },
        get: {
          operationId: 'listSources',
          summary: 'Followed sources and their state (scope articles:read)',
          responses: {
            '200': {
              description: 'Every source.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['items'],
                    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Source' } } },
                  },
                },
              },
            },
            ...ERRORS,
          },
        },
      },
      '/sources/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        delete: {
          operationId: 'unfollowSource',
          summary: 'Stop following a source; its articles stay (scope articles:write)',
          responses: { '204': { description: 'Unfollowed.' }, '404': problem('No such source.'), ...ERRORS },
        },
      },
      '/keys/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        delete: {
          operationId: 'revokeKey',
          summary: 'Revoke an API key (scope keys:admin)',
          responses: {
            '204': { description: 'Revoked.' },
            '404': problem('No such key.'),
            '409': problem('The last live keys:admin key: create another admin key first.'),
            ...ERRORS,
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key: wfk_{id}_{secret}' },
      },
      schemas: {
        AudienceStats: {
          type: 'object',
          required: ['from', 'to', 'days'],
          properties: {
            from: { type: 'string', format: 'date' },
            to: { type: 'string', format: 'date' },
            feed: { type: 'string' },
            days: {
              type: 'array',
              items: {
                type: 'object',
                required: ['day', 'feeds'],
                properties: {
                  day: { type: 'string', format: 'date' },
                  feeds: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        feed: { type: 'string', description: 'scope/format, e.g. site/rss' },
                        requests: { type: 'integer', description: 'GET and HEAD answered 2xx or 304' },
                        ok: { type: 'integer' },
                        notModified: { type: 'integer' },
                        bytes: { type: 'integer' },
                        subscribers: {
                          type: 'integer',
                          description:
                            'aggregators’ latest reports plus distinct reader apps and newsletter tools',
                        },
                        aggregators: {
                          ...{ type: 'object', additionalProperties: { type: 'integer' } },
                          description: 'each aggregator’s latest reported subscribers',
                        },
                        readers: {
                          ...{ type: 'object', additionalProperties: { type: 'integer' } },
                          description: 'distinct individual clients per family',
                        },
                        families: {
                          ...{ type: 'object', additionalProperties: { type: 'integer' } },
                          description: 'requests per client family',
                        },
                        clients: {
                          ...{ type: 'object', additionalProperties: { type: 'integer' } },
                          description: 'requests per known client',
                        },
                        partners: {
                          ...{ type: 'object', additionalProperties: { type: 'integer' } },
                          description: 'requests per partner key id',
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        ArticleInput: jsonSchema(ArticleInputSchema, 'input'),
        Article: jsonSchema(ArticleSchema.required({ id: true, updatedAt: true }), 'output'),
        Source: {
          type: 'object',
          required: ['id', 'url', 'everySeconds', 'createdAt', 'nextRunAt', 'failures'],
          properties: {
            id: { type: 'string' },
            url: { type: 'string', format: 'uri' },
            everySeconds: { type: 'integer' },
            createdAt: { type: 'string', format: 'date-time' },
            nextRunAt: { type: 'string', format: 'date-time' },
            lastRunAt: { type: 'string', format: 'date-time' },
            lastSuccessAt: { type: 'string', format: 'date-time' },
            lastError: { type: 'string' },
            failures: {
              type: 'integer',
              description: 'Failures in a row; the retry waits every·2^(failures-1), at most 6 h',
            },
            etag: { type: 'string' },
            lastModified: { type: 'string' },
            lastCounts: {
              type: 'object',
              properties: Object.fromEntries(
                ['created', 'updated', 'unchanged', 'rejected'].map((k) => [k, { type: 'integer' }]),
              ),
            },
          },
        },
        ArticleWritten: {
          description:
            'The stored article, and which of its fields wirefeed derived because the request left them out.',
          allOf: [
            { $ref: '#/components/schemas/Article' },
            {
              type: 'object',
              required: ['derived'],
              properties: {
                derived: {
                  type: 'array',
                  items: { type: 'string' },
                  description: 'JSON pointers of derived fields, e.g. /slug, /url, /authors/0/slug',
                },
              },
            },
          ],
        },
        ArticleList: {
          type: 'object',
          required: ['items'],
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'object',
                properties: Object.fromEntries(
                  ['id', 'title', 'status', 'publishedAt', 'updatedAt', 'url'].map((k) => [
                    k,
                    { type: 'string' },
                  ]),
                ),
              },
            },
            next: { type: 'string', format: 'uri' },
          },
        },
        NewKey: jsonSchema(NewKeySchema, 'input'),
        Key: {
          type: 'object',
          required: ['id', 'name', 'scopes', 'createdAt'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            scopes: { type: 'array', items: { enum: [...KEY_SCOPES] } },
            createdAt: { type: 'string', format: 'date-time' },
            revokedAt: { type: 'string', format: 'date-time' },
          },
        },
        CreatedKey: {
          allOf: [
            { $ref: '#/components/schemas/Key' },
            {
              type: 'object',
              required: ['key'],
              properties: {
                key: { type: 'string' },
                feedToken: {
                  type: 'string',
                  description: 'Partner keys only: put it in feed URLs as ?token=',
                },
              },
            },
          ],
        },
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  pointer: { type: 'string' },
                  parameter: { type: 'string' },
                  detail: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
  };
}
