import { Template } from 'aws-cdk-lib/assertions';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmbeddedEngine } from '../../lib/store/embedded-engine';
import { createWriteRuntime } from '../../lib/write-runtime';
import { clientFor, freshTable } from '../support/engines';
import { anArticleInput, hoursAgo, testConfig } from '../support/fixtures';
import { httpApiEvent } from '../support/http-api-event';
import { testApp } from './support/app';

/**
 * One `cdk deploy --all` gives feeds whose self links name the public address: the
 * custom domain or `publicBaseUrl` when context names one, else the distribution's own
 * address, which CloudFormation puts into the functions' environment in the same deploy.
 */

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string | string[];
}
type Resources = Record<string, Resource>;

/** Our functions (not CDK's bucket-notification handler), by construct path: `Feeds`, `WebSubWorker`… */
function ourFunctions(template: Template): Record<string, Resource> {
  return Object.fromEntries(
    Object.entries(template.findResources('AWS::Lambda::Function') as Resources)
      .filter(([, f]) => f.Properties.Runtime === 'nodejs22.x')
      .map(([id, f]) => [id.replace(/Function[0-9A-F]{8}$/, ''), f]),
  );
}

function variables(fn: Resource): Record<string, unknown> {
  return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

/** The logical IDs a value refers to, as CloudFormation orders resources: `Ref`, `Fn::GetAtt`, `${Name}` in `Fn::Sub`. */
function references(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) references(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') found.add(inner);
      else if (key === 'Fn::GetAtt')
        found.add(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]!);
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? String(inner[0]) : String(inner);
        for (const [, name] of text.matchAll(/\$\{(\w+)[.}]/g)) found.add(name!);
        references(inner, found);
      } else references(inner, found);
    }
  }
  return found;
}

/** Each dependency cycle among `resources` (what CloudFormation refuses to deploy), as the IDs around it. */
function cycles(resources: Resources): string[][] {
  const edges = new Map(
    Object.entries(resources).map(([id, r]) => [
      id,
      [...references(r.Properties), ...[r.DependsOn ?? []].flat()].filter((to) => to in resources),
    ]),
  );
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'open') {
      found.push([...path.slice(path.indexOf(id)), id]);
      return;
    }
    state.set(id, 'open');
    for (const next of edges.get(id) ?? []) visit(next, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of edges.keys()) visit(id, []);
  return found;
}

/** The API stack without base-URL context, synthesized once for this file. */
let defaultTemplate: Template | undefined;
const withoutContext = () => {
  defaultTemplate ??= Template.fromStack(testApp().api);
  return defaultTemplate;
};

describe('the public base URL, no context naming it (dev by default)', () => {
  let template: Template;
  let distributionAddress: unknown;
  beforeAll(() => {
    template = withoutContext();
    const [distributionId] = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
    distributionAddress = {
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]],
    };
  });

  it("gives every function the distribution's address, https:// and its DomainName: no placeholder, no second deploy", () => {
    const functions = ourFunctions(template);

    // Those that render links among them; every other one of ours gets it too.
    expect(Object.keys(functions)).toEqual(
      expect.arrayContaining(['Feeds', 'Articles', 'WebSubHub', 'WebSubWorker', 'SourcesPoll']),
    );
    for (const [name, fn] of Object.entries(functions)) {
      expect(variables(fn).PUBLIC_BASE_URL, name).toEqual(distributionAddress);
      expect(JSON.stringify(variables(fn)), name).not.toMatch(/\.invalid|localhost/);
    }
    expect(template.toJSON().Outputs.PublicBaseUrl.Value).toEqual(distributionAddress);
  });

  it('makes no dependency cycle: the distribution refers to the HTTP API, not to what invokes the functions', () => {
    const resources = template.toJSON().Resources as Resources;

    expect(cycles(resources)).toEqual([]);
    // What the distribution waits for: no function, route or integration among it.
    const [distributionId] = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
    const types = [...references(resources[distributionId!]!.Properties)].map((id) => resources[id]?.Type);
    expect(types).toContain('AWS::ApiGatewayV2::Api');
    expect(types).not.toContain('AWS::Lambda::Function');
    expect(types).not.toContain('AWS::ApiGatewayV2::Route');
    expect(types).not.toContain('AWS::ApiGatewayV2::Integration');
  });

  it('finds a cycle when there is one (the check above can fail)', () => {
    const resources = template.toJSON().Resources as Resources;
    const [apiId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Api'));
    const [feedsId] = Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) =>
      id.startsWith('FeedsFunction'),
    );
    // As if the API waited for the feeds function, which now waits for the distribution.
    const tangled = { ...resources, [apiId!]: { ...resources[apiId!]!, DependsOn: [feedsId!] } };

    expect(cycles(tangled)).toContainEqual(expect.arrayContaining([apiId, feedsId]));
  });
});

describe('the feeds function with the environment the template gives it', () => {
  /** What CloudFormation makes of `Fn::GetAtt [Distribution, DomainName]`. */
  const DOMAIN = 'd111111abcdef8.cloudfront.net';
  let engine: Awaited<ReturnType<typeof startEmbeddedEngine>>;
  afterAll(async () => {
    vi.unstubAllEnvs();
    await engine?.close();
  });

  it("builds self links and the hub link from the distribution's address", async () => {
    const template = withoutContext();
    const environment = variables(ourFunctions(template).Feeds!);
    engine = await startEmbeddedEngine();
    const client = clientFor(engine.endpoint);
    const table = await freshTable(client);
    const { publishing } = createWriteRuntime({ config: testConfig({ TABLE_NAME: table }), client });
    await publishing.publishArticle(
      anArticleInput({ id: 'one-deploy', publishedAt: hoursAgo(1, new Date()) }),
    );

    // As CloudFormation resolves it; the table's import and the origin secret (a Ref) stay
    // unresolved and are this test's own (the origin check: tests/functions/origin-check.test.ts).
    const [distributionId] = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
    const resolve = (value: unknown): string | undefined => {
      if (typeof value === 'string') return value;
      const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
      const parts = join?.[1].map((part) =>
        typeof part === 'string'
          ? part
          : JSON.stringify(part) === JSON.stringify({ 'Fn::GetAtt': [distributionId, 'DomainName'] })
            ? DOMAIN
            : undefined,
      );
      return parts?.every((part) => part !== undefined) ? parts.join(join![0]) : undefined;
    };
    expect(resolve(environment.PUBLIC_BASE_URL)).toBe(`https://${DOMAIN}`);
    for (const [name, value] of Object.entries(environment)) {
      const text = resolve(value);
      if (text !== undefined) vi.stubEnv(name, text);
    }
    vi.stubEnv('TABLE_NAME', table);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', engine.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    const { handler } = (await import('../../functions/feeds')) as unknown as {
      handler: (
        event: APIGatewayProxyEventV2,
        context: Context,
      ) => Promise<{ statusCode: number; body: string }>;
    };
    const res = await handler(
      httpApiEvent('/atom.xml', '', {
        headers: { 'accept-encoding': 'identity', host: 'attacker.example' },
      }) as never,
      { functionName: 'feeds', awsRequestId: 'req-1' } as Context,
    );

    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<link href="https://${DOMAIN}/atom.xml" rel="self"`);
    expect(res.body).toContain(`<link href="https://${DOMAIN}/websub" rel="hub"`);
    expect(res.body).not.toContain('attacker.example');
  }, 120_000);
});

describe('the public base URL named by context', () => {
  it.each([
    [
      'domainName',
      { domainName: 'feeds.example.org', certificateArn: CERTIFICATE },
      'https://feeds.example.org',
    ],
    ['publicBaseUrl', { publicBaseUrl: 'https://news.example.org/feeds' }, 'https://news.example.org/feeds'],
  ])('%s: every function gets it as it is, not the distribution', (_key, context, url) => {
    const template = Template.fromStack(testApp(context).api);

    for (const [name, fn] of Object.entries(ourFunctions(template))) {
      expect(variables(fn).PUBLIC_BASE_URL, name).toBe(url);
    }
    expect(template.toJSON().Outputs.PublicBaseUrl.Value).toBe(url);
  });
});
