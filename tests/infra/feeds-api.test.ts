import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiRoute, FeedsApi, type FeedsApiProps } from '../../infra/constructs/feeds-api';

/** A stand-in handler: inline code, nothing to bundle. */
function aHandler(stack: Stack, id: string) {
  return new LambdaFunction(stack, id, {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
}

/**
 * A FeedsApi alone in a bare stack in eu-west-1, in front of a stand-in feeds function,
 * with `props` (built from the stack and that function) over the required one.
 */
function anApi(props: (stack: Stack) => Partial<FeedsApiProps> = () => ({})) {
  const stack = new Stack(new App(), 'Test', { env: { region: 'eu-west-1' } });
  const feeds = aHandler(stack, 'Feeds');
  const api = new FeedsApi(stack, 'Api', { handler: feeds, ...props(stack) });
  return { stack, api, feeds, template: () => Template.fromStack(stack) };
}

function aRoute(stack: Stack, overrides: Partial<ApiRoute> = {}): ApiRoute {
  return {
    name: 'Articles',
    path: '/api/{proxy+}',
    rateLimit: 20,
    burstLimit: 40,
    authentication: 'The function checks an API key on every request.',
    ...overrides,
    handler: overrides.handler ?? aHandler(stack, 'ArticlesHandler'),
  };
}

/** The Lambda integration a route's `Target` points at, found by route key. */
function integrationOf(template: Template, routeKey: string) {
  const routes = Object.values(
    template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } }),
  );
  expect(routes).toHaveLength(1);
  const target = routes[0]!.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
  const integrationId = target['Fn::Join'][1][1].Ref;
  return template.findResources('AWS::ApiGatewayV2::Integration')[integrationId]!.Properties;
}

describe('FeedsApi, by default', () => {
  // One synthesis for the tests that only read it (the first one also loads the CDK).
  let defaults: ReturnType<typeof anApi> & { built: Template };
  beforeAll(() => {
    const api = anApi();
    defaults = { ...api, built: api.template() };
  });

  it('sends every request to the feeds function ($default route) and lets API Gateway invoke it', () => {
    const { stack, api, feeds, built } = defaults;

    built.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    built.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
    expect(integrationOf(built, '$default')).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: stack.resolve(feeds.functionArn),
    });
    built.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: stack.resolve(feeds.functionArn),
      SourceArn: Match.objectLike({
        'Fn::Join': ['', Match.arrayWith([stack.resolve(api.api.apiId), '/*/*'])],
      }),
    });
  });

  it('has one stage, $default, auto-deployed, throttled at 50 a second with bursts of 100', () => {
    const { stack, api, built } = defaults;

    built.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    built.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: stack.resolve(api.api.apiId),
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      RouteSettings: Match.absent(),
    });
  });

  it('logs every request as one JSON line, with status and latencies, to a log group kept 30 days', () => {
    const { stack, api, built } = defaults;
    const format = new Capture();

    built.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { DestinationArn: stack.resolve(api.accessLogs.logGroupArn), Format: format },
    });
    expect(JSON.parse(format.asString())).toEqual({
      requestId: '$context.requestId',
      time: '$context.requestTimeEpoch',
      ip: '$context.identity.sourceIp',
      userAgent: '$context.identity.userAgent',
      method: '$context.httpMethod',
      path: '$context.path',
      protocol: '$context.protocol',
      status: '$context.status',
      responseLength: '$context.responseLength',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
      integrationError: '$context.integrationErrorMessage',
    });
    built.resourceCountIs('AWS::Logs::LogGroup', 1);
    built.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 30 },
      DeletionPolicy: 'Delete',
    });
  });

  it('exposes the host CloudFront connects to: the API id under execute-api in the stack region', () => {
    const { stack, api, template } = anApi();
    new CfnOutput(stack, 'Origin', { value: api.domainName });

    template().hasOutput('Origin', {
      Value: {
        'Fn::Join': [
          '',
          [stack.resolve(api.api.apiId), '.execute-api.eu-west-1.', { Ref: 'AWS::URLSuffix' }],
        ],
      },
    });
  });
});

describe('FeedsApi, with props', () => {
  it('sends every method of a route to its own function, throttled at its own limits', () => {
    let route: ApiRoute | undefined;
    const { stack, template } = anApi((scope) => {
      route = aRoute(scope);
      return { routes: [route] };
    });
    const built = template();

    expect(integrationOf(built, 'ANY /api/{proxy+}')).toMatchObject({
      IntegrationUri: stack.resolve(route!.handler.functionArn),
    });
    built.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: stack.resolve(route!.handler.functionArn),
      Principal: 'apigateway.amazonaws.com',
      SourceArn: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['/*/*/api/{proxy+}'])] }),
    });
    built.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      RouteSettings: { 'ANY /api/{proxy+}': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 } },
    });
  });

  it('creates each route before the stage that throttles it (API Gateway refuses settings for unknown routes)', () => {
    const { template } = anApi((scope) => ({ routes: [aRoute(scope)] }));
    const built = template();
    const [routeId] = Object.keys(
      built.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: 'ANY /api/{proxy+}' } }),
    );
    const [stage] = Object.values(built.findResources('AWS::ApiGatewayV2::Stage'));

    expect(stage!.DependsOn).toContain(routeId);
  });

  it('takes the stage limits and the log retention it is given', () => {
    const { template } = anApi(() => ({
      rateLimit: 7.5,
      burstLimit: 15,
      logRetention: RetentionDays.ONE_WEEK,
    }));
    const built = template();

    built.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 7.5, ThrottlingBurstLimit: 15 },
    });
    built.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });
});

describe('FeedsApi refuses props that would deploy a broken API', () => {
  it('a stage or route limit that is not positive (API Gateway would refuse every request)', () => {
    expect(() => anApi(() => ({ rateLimit: 0 }))).toThrow(
      /FeedsApi Api: rateLimit must be a positive number/,
    );
    expect(() => anApi(() => ({ burstLimit: 2.5 }))).toThrow(
      /FeedsApi Api: burstLimit must be a positive whole/,
    );
    expect(() => anApi((scope) => ({ routes: [aRoute(scope, { burstLimit: 0 })] }))).toThrow(
      /FeedsApi Api: route Articles: burstLimit must be a positive whole number of requests; got 0/,
    );
    expect(() => anApi((scope) => ({ routes: [aRoute(scope, { rateLimit: Number.NaN })] }))).toThrow(
      /route Articles: rateLimit/,
    );
  });

  it('route names that are not unique PascalCase words, and paths without a leading slash', () => {
    expect(() => anApi((scope) => ({ routes: [aRoute(scope, { name: 'write-api' })] }))).toThrow(
      /route names must be unique PascalCase words; got "write-api"/,
    );
    expect(() =>
      anApi((scope) => ({
        routes: [aRoute(scope), aRoute(scope, { path: '/admin', handler: aHandler(scope, 'Admin') })],
      })),
    ).toThrow(/unique PascalCase words; got "Articles"/);
    expect(() => anApi((scope) => ({ routes: [aRoute(scope, { path: 'api/{proxy+}' })] }))).toThrow(
      /route Articles's path must start with "\/"/,
    );
  });
});
