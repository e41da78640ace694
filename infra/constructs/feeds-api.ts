import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpRouteKey,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** A path served by a function of its own instead of the feeds function. */
export interface ApiRoute {
  /** Short PascalCase name for the integration, e.g. `Articles`; unique among the routes. */
  readonly name: string;
  /** In API Gateway syntax, e.g. `/api/{proxy+}`; every method (`ANY`) goes to `handler`. */
  readonly path: string;
  /** Answers every method on `path`; API Gateway is allowed to invoke it. */
  readonly handler: IFunction;
  /** Steady requests per second on this route, instead of the stage default. */
  readonly rateLimit: number;
  /** Requests the route takes at once above `rateLimit`, instead of the stage default. */
  readonly burstLimit: number;
  /**
   * How the handler authenticates callers, since API Gateway does not here: recorded
   * as the reason for acknowledging cdk-nag's AwsSolutions-APIG4 on this route.
   */
  readonly authentication: string;
}

export interface FeedsApiProps {
  /**
   * Answers every request no route in `routes` takes (the `$default` route): the Hono
   * app does the routing and the 404s.
   */
  readonly handler: IFunction;
  /** @default - none: the feeds function answers everything */
  readonly routes?: ApiRoute[];
  /**
   * Steady requests per second on each route without its own limit; for the feeds,
   * that is `$default`. CloudFront with Origin Shield sends one request per feed URL
   * per TTL, so real traffic stays far below this; the cap is there for cache-busting
   * and for calls that skip CloudFront.
   * @default 50
   */
  readonly rateLimit?: number;
  /** Requests taken at once above `rateLimit`, on each route without its own. @default 100 */
  readonly burstLimit?: number;
  /** How long the access log (one JSON line per request) is kept. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;

/**
 * API Gateway takes any rate (a double) and a whole burst, and applies a 0 as "refuse
 * everything": a typo that would pass synth and take the service down at deploy time.
 */
function checkLimits(where: string, rateLimit: number, burstLimit: number): void {
  if (!(Number.isFinite(rateLimit) && rateLimit > 0)) {
    throw new Error(`${where}: rateLimit must be a positive number of requests per second; got ${rateLimit}`);
  }
  if (!(Number.isInteger(burstLimit) && burstLimit > 0)) {
    throw new Error(`${where}: burstLimit must be a positive whole number of requests; got ${burstLimit}`);
  }
}

/**
 * An HTTP API (API Gateway v2) in front of the feeds function and any `routes` (the
 * write API): throttled per route, access-logged as JSON.
 */
export class FeedsApi extends Construct {
  /** The HTTP API: its metrics feed the alarms (infra/constructs/monitoring.ts). */
  public readonly api: HttpApi;
  /** Its one stage, `$default`, deployed on every change. */
  public readonly stage: HttpStage;
  /** The access log group (metric filters count answers from it). */
  public readonly accessLogs: LogGroup;
  /** The host name CloudFront connects to. */
  public readonly domainName: string;

  constructor(scope: Construct, id: string, props: FeedsApiProps) {
    super(scope, id);
    checkLimits(`FeedsApi ${id}`, props.rateLimit ?? 50, props.burstLimit ?? 100);
    const names = new Set<string>();
    for (const route of props.routes ?? []) {
      if (!PASCAL_CASE.test(route.name) || names.has(route.name)) {
        throw new Error(`FeedsApi ${id}: route names must be unique PascalCase words; got "${route.name}"`);
      }
      names.add(route.name);
      if (!route.path.startsWith('/')) {
        throw new Error(
          `FeedsApi ${id}: route ${route.name}'s path must start with "/"; got "${route.path}"`,
        );
      }
      checkLimits(`FeedsApi ${id}: route ${route.name}`, route.rateLimit, route.burstLimit);
    }
    this.api = new HttpApi(this, 'Http', {
      description: 'wirefeed feeds and write API (origin of the CloudFront distribution)',
      defaultIntegration: new HttpLambdaIntegration('Feeds', props.handler),
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.api.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
        format: AccessLogFormat.custom(
          JSON.stringify({
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
          }),
        ),
      },
    });
    const defaultRoute = this.api.node.findChild('DefaultRoute');
    Validations.of(defaultRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Syndication feeds are public by design: feed readers and aggregators fetch them anonymously. ' +
        'Behind this route is only the feeds function, whose role can read the table and update partner request ' +
        'counters, nothing more. Partners identify themselves to the function (API key or feed token), not to API Gateway.',
    });

    // Route throttling lives in the stage's RouteSettings, keyed by route key. API
    // Gateway rejects settings for a route that does not exist yet ("Unable to find
    // Route by key"), so the stage waits for the routes.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of props.routes ?? []) {
      const created = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod.ANY],
        integration: new HttpLambdaIntegration(route.name, route.handler),
      });
      for (const httpRoute of created) {
        Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: route.authentication });
        this.stage.node.addDependency(httpRoute);
      }
      routeSettings[HttpRouteKey.with(route.path, HttpMethod.ANY).key] = {
        ThrottlingRateLimit: route.rateLimit,
        ThrottlingBurstLimit: route.burstLimit,
      };
    }
    if (Object.keys(routeSettings).length > 0) {
      (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
    }
    const stack = Stack.of(this);
    this.domainName = `${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
  }
}
