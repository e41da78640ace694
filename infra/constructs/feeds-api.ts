import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface FeedsApiProps {
  /** Answers every request (the `$default` route): the Hono app does the routing and the 404s. */
  readonly handler: IFunction;
  /**
   * Steady requests per second for the whole API. CloudFront with Origin Shield sends
   * one request per feed URL per TTL, so real traffic stays far below this; the cap is
   * there for cache-busting and for calls that skip CloudFront.
   * @default 50
   */
  readonly rateLimit?: number;
  /** @default 100 */
  readonly burstLimit?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/** An HTTP API (API Gateway v2) in front of the feeds function: throttled, access-logged as JSON. */
export class FeedsApi extends Construct {
  public readonly api: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogs: LogGroup;
  /** The host name CloudFront connects to. */
  public readonly domainName: string;

  constructor(scope: Construct, id: string, props: FeedsApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Http', {
      description: 'wirefeed feeds (origin of the CloudFront distribution)',
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
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Syndication feeds are public by design: feed readers and aggregators fetch them anonymously. ' +
        'Behind this API is only the feeds function, whose role can read the table and nothing more; the ' +
        'write API (a later issue) brings its own authorizer.',
    });
    const stack = Stack.of(this);
    this.domainName = `${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
  }
}
