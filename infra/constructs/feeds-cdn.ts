import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import type { CustomDomain } from '../settings';

/** The query parameters a feed's output depends on today (`limit`); later issues add `before`, `since`. */
export const FEED_QUERY_PARAMETERS = ['limit'];

export interface FeedsCdnProps {
  /** The host CloudFront fetches cache misses from (the HTTP API). */
  readonly originDomainName: string;
  /**
   * Where Origin Shield runs: the region that offers it and is nearest the API.
   * @default - the stack's region
   */
  readonly originShieldRegion?: string;
  /**
   * The only query parameters in the cache key, and so the only ones the function sees.
   * Anything else (`?utm_source=…`, cache busters) maps to the same cached feed.
   * @default FEED_QUERY_PARAMETERS
   */
  readonly queryParameters?: string[];
  /** Used only when the origin sends no `Cache-Control`. @default Duration.minutes(5) */
  readonly defaultTtl?: Duration;
  /** Caps the origin's `max-age` / `s-maxage`. @default Duration.days(1) */
  readonly maxTtl?: Duration;
  /** @default - served on the distribution's own *.cloudfront.net name */
  readonly customDomain?: CustomDomain;
}

/**
 * The CloudFront distribution readers and feed aggregators hit. It caches what the
 * origin's `Cache-Control` allows (min TTL 0, so `no-store` and short `max-age` win),
 * compresses with gzip and Brotli, and funnels every miss through Origin Shield, so one
 * request per cached feed (URL and `limit`) per TTL reaches the API, however many edge
 * locations ask.
 */
export class FeedsCdn extends Construct {
  public readonly distribution: Distribution;
  public readonly cachePolicy: CachePolicy;

  constructor(scope: Construct, id: string, props: FeedsCdnProps) {
    super(scope, id);
    const queryParameters = props.queryParameters ?? FEED_QUERY_PARAMETERS;
    this.cachePolicy = new CachePolicy(this, 'CachePolicy', {
      comment: 'wirefeed feeds: path plus the query parameters that change the output',
      minTtl: Duration.seconds(0),
      defaultTtl: props.defaultTtl ?? Duration.minutes(5),
      maxTtl: props.maxTtl ?? Duration.days(1),
      queryStringBehavior:
        queryParameters.length > 0
          ? CacheQueryStringBehavior.allowList(...queryParameters)
          : CacheQueryStringBehavior.none(),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const { customDomain } = props;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'wirefeed feeds',
      defaultBehavior: {
        origin: new HttpOrigin(props.originDomainName, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          originShieldRegion: props.originShieldRegion ?? Stack.of(this).region,
        }),
        cachePolicy: this.cachePolicy,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        compress: true,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      domainNames: customDomain ? [customDomain.domainName] : undefined,
      certificate: customDomain
        ? Certificate.fromCertificateArn(this, 'Certificate', customDomain.certificateArn)
        : undefined,
      minimumProtocolVersion: customDomain ? SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
    });

    const acknowledge = (ruleId: string, reason: string) =>
      Validations.of(this.distribution).acknowledge({ id: ruleId, reason });
    acknowledge(
      'AwsSolutions-CFR1',
      'Feeds are public news syndication meant for readers in every country; there is nothing to geo-restrict.',
    );
    acknowledge(
      'AwsSolutions-CFR2',
      'Read-only, cached GET/HEAD of public feeds: the HTTP API throttle caps what reaches the origin, and a ' +
        'WAF web ACL would cost at least $5/month at idle, which this service is designed not to have.',
    );
    acknowledge(
      'AwsSolutions-CFR3',
      'Every request CloudFront cannot answer from cache is in the HTTP API access log, and edge traffic is on ' +
        "the dashboard from CloudFront's metrics; standard logs would add an ACL-enabled S3 bucket for little more.",
    );
    if (!customDomain) {
      acknowledge(
        'AwsSolutions-CFR4',
        'Without a custom domain the distribution serves the default *.cloudfront.net certificate, whose TLS ' +
          'policy CloudFront fixes; with domainName and certificateArn set, TLSv1.2_2021 is enforced.',
      );
    }
  }
}
