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
  OriginRequestPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import { FEED_QUERY_PARAMETERS } from '../../lib/feeds/feed-query';
import type { CustomDomain } from '../settings';

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
  /**
   * The write API's path pattern (e.g. `/api/*`): passed through to the same origin
   * uncached, every method allowed, HTTPS only.
   * @default - none: every path is a cached, read-only feed
   */
  readonly writeApiPathPattern?: string;
}

/**
 * The CloudFront distribution readers and feed aggregators hit. It caches what the
 * origin's `Cache-Control` allows (min TTL 0, so `no-store` and short `max-age` win),
 * compresses with gzip and Brotli, and funnels every miss through Origin Shield, so one
 * request per cached feed (URL and `limit`) per TTL reaches the API, however many edge
 * locations ask. The write API, when given, is a pass-through beside the feeds.
 */
export class FeedsCdn extends Construct {
  public readonly distribution: Distribution;
  public readonly cachePolicy: CachePolicy;

  constructor(scope: Construct, id: string, props: FeedsCdnProps) {
    super(scope, id);
    const queryParameters = props.queryParameters ?? [...FEED_QUERY_PARAMETERS];
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

    if (props.writeApiPathPattern) {
      // The same API host as a second origin, without Origin Shield. Origin Shield is
      // set per origin, and all it does is collapse cache misses from many edge
      // locations into one; nothing on this path is cached, so through the shield
      // every request would only take a detour via the Origin Shield region.
      const writeOrigin = new HttpOrigin(props.originDomainName, {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      });
      this.distribution.addBehavior(props.writeApiPathPattern, writeOrigin, {
        // Every request reaches the function: writes must, and authenticated reads
        // (`private, no-cache`) must not be served to someone else from a cache.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        // Authorization, Content-Type, If-Match, the body and the whole query string go
        // through. An origin request policy may forward Authorization only when caching
        // is disabled, as here. Host does not: API Gateway routes on its own host name.
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        // Not a redirect: a client that followed one would already have sent its API
        // key in cleartext, and many clients turn a redirected POST into a GET.
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      });
    }

    const acknowledge = (ruleId: string, reason: string) =>
      Validations.of(this.distribution).acknowledge({ id: ruleId, reason });
    acknowledge(
      'AwsSolutions-CFR1',
      'Feeds are public news syndication meant for readers in every country; there is nothing to geo-restrict.',
    );
    acknowledge(
      'AwsSolutions-CFR2',
      'Feeds are read-only, cached GET/HEAD of public data, and the write API answers only requests with a valid ' +
        'API key: the HTTP API throttles each route (the write routes lower) to cap what reaches the functions, ' +
        'and a WAF web ACL would cost at least $5/month at idle, which this service is designed not to have.',
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
