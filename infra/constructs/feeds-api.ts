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
  /** Short PascalCase name for the integration, e.g. `Articles`. */
  readonly name: string;
  /** In API Gateway syntax, e.g. `/api/{proxy+}`; every method (`ANY`) goes to `handler`. */
  readonly path: string;
  readonly handler: IFunction;
  /** Steady requests per second on this route, instead of the stage default. */
  readonly rateLimit: number;
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
  /** @default 100 */
  readonly burstLimit?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/**
 * An HTTP API (API Gateway v2) in front of the feeds function and any `routes` (the
 * write API): throttled per route, access-logged as JSON.
 */
export class FeedsApi extends Construct {
  public readonly api: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogs: LogGroup;
  /** The host name CloudFront connects to. */
  public readonly domainName: string;

  constructor(scope: Construct, id: string, props: FeedsApiProps) {
    super(scope, id);
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
