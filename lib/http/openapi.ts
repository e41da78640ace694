import type { OpenAPIHono } from '@hono/zod-openapi';
import packageJson from '../../package.json' with { type: 'json' };
import type { SiteConfig } from '../config';

/**
 * OpenAPI 3.1 for the write API, generated from the routes' own declarations
 * (`createRoute` in each route group) and the zod schemas they name.
 */

/** The document for `api`, whose routes are relative to `${publicBaseUrl}/api`. */
export function buildOpenApiDocument(api: OpenAPIHono, site: SiteConfig) {
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: wfk_{id}_{secret}',
  });
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'wirefeed write API',
      version: packageJson.version,
      description:
        'Publish, correct, schedule and delete articles; manage API keys. Authenticate with `Authorization: Bearer <key>`.',
    },
    servers: [{ url: `${site.publicBaseUrl}/api` }],
    security: [{ bearer: [] }],
  });
}
