import Ajv2020 from 'ajv/dist/2020';
import { afterAll, describe, expect, it } from 'vitest';
import { createWebSubApp } from '../../lib/http/websub-app';
import { sampleArticles } from '../../lib/local/sample-articles';
import { anApp } from '../support/app';
import { NOW } from '../support/fixtures';

/** The OpenAPI document is generated from the zod schemas that validate requests: check it says what the API does. */
describe('GET /api/openapi.json', () => {
  const app = anApp();
  afterAll(async () => (await app).close());

  const document = async () => {
    const res = await (await app).app.request('http://localhost/api/openapi.json');
    expect(res.status).toBe(200);
    return (await res.json()) as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, object> };
    };
  };

  it('is OpenAPI 3.1 and describes every route of the write API', async () => {
    const doc = await document();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://feeds.baobabpost.example/api' }]);
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => m !== 'parameters')
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    // The routes the app really has (middleware aside), in OpenAPI's path syntax.
    const routes = (await app).articlesApp.routes
      .filter((r) => r.method !== 'ALL' && r.path !== '/api/openapi.json')
      .map((r) => `${r.method} ${r.path.replace(/^\/api/, '').replace(/:(\w+)/g, '{$1}')}`);
    // The WebSub admin listing is served by the hub's app (lib/http/websub-app.ts), under /api too.
    const websub = createWebSubApp({
      hub: { request: async () => ({}) as never },
      store: {} as never,
      keys: {} as never,
      now: () => NOW,
      publicBaseUrl: 'https://feeds.baobabpost.example',
    })
      .routes.filter((r) => r.path.startsWith('/api/'))
      .map((r) => `${r.method} ${r.path.replace(/^\/api/, '')}`);
    expect(websub).toEqual(['GET /websub/subscriptions']);
    expect(operations.sort()).toEqual([...new Set([...routes, ...websub])].sort());
    expect(operations).toHaveLength(14);
  });

  it('has an ArticleInput schema that accepts what the API accepts and refuses what it refuses', async () => {
    const { components } = await document();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    ajv.addFormat('uri', /^https?:\/\/\S+$/);
    ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    const validate = ajv.compile(components.schemas.ArticleInput!);
    for (const article of sampleArticles(NOW)) {
      const { id: _id, ...body } = article;
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
      const write = await (await app).keys.createKey({ name: 'w', scopes: ['articles:write'] });
      const res = await (await app).app.request(`http://localhost/api/articles/${article.id}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${write.key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
    }
    const valid = (() => {
      const { id: _id, ...b } = sampleArticles(NOW)[0]!;
      return b;
    })();
    for (const bad of [
      { ...valid, surprise: 1 },
      { ...valid, status: 'live' },
      { ...valid, authors: [] },
      { ...valid, rights: 'some' },
      (({ title: _t, ...rest }) => rest)(valid),
    ]) {
      expect(validate(bad)).toBe(false);
    }
  });

  it('describes partner keys and the key that is shown once', async () => {
    const { components } = await document();
    expect(JSON.stringify(components.schemas.NewKey)).toContain('feeds:partner');
    expect(JSON.stringify(components.schemas.CreatedKey)).toContain('feedToken');
  });
});
