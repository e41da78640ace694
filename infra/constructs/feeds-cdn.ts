import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  type IOrigin,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EMBED_QUERY_PARAMETERS } from '../../lib/embed/embed-options';
import { FEED_QUERY_PARAMETERS } from '../../lib/feeds/feed-query';
import { VIEW_HEADER } from '../../lib/http/view';
import type { CustomDomain } from '../settings';

/**
 * The viewer-request function that sets `X-Wirefeed-View` (page or feed) on the feeds
 * behavior: plain JavaScript for CloudFront's runtime, deployed as the file is, and run
 * by tests/infra/view-variant.test.ts against lib/http/view.ts.
 */
export const VIEW_VARIANT_SOURCE = fileURLToPath(new URL('../functions/view-variant.js', import.meta.url));

/** Where in the log bucket CloudFront's standard logs go. */
export const CLOUDFRONT_LOG_PREFIX = 'cloudfront/';

/**
 * CloudFront's quota of query strings in one cache policy's allow list: a longer list is
 * refused at deploy time, so it is refused at synth instead.
 */
export const MAX_CACHE_KEY_QUERY_STRINGS = 10;

export interface FeedsCdnProps {
  /** The host CloudFront fetches cache misses from (the HTTP API), without a scheme or path. */
  readonly originDomainName: string;
  /**
   * Where Origin Shield runs: the region that offers it and is nearest the API.
   * @default - the stack's region
   */
  readonly originShieldRegion?: string;
  /**
   * The only query parameters in the cache key, and so the only ones the function sees.
   * Anything else (`?utm_source=…`, cache busters) maps to the same cached feed.
   * `token` (a partner's feed token) is among them: it reaches the function, and the
   * function's `private, no-cache` answer keeps it out of the cache. At most
   * `MAX_CACHE_KEY_QUERY_STRINGS`; an empty list keys on no query string at all.
   * @default FEED_QUERY_PARAMETERS
   */
  readonly queryParameters?: string[];
  /**
   * Used only when the origin sends no `Cache-Control`; at most `maxTtl`. The minimum TTL
   * is always 0, so the origin's `no-store`, `no-cache` and `private` are obeyed.
   * @default Duration.minutes(5)
   */
  readonly defaultTtl?: Duration;
  /** Caps the origin's `max-age` / `s-maxage`. @default Duration.days(1) */
  readonly maxTtl?: Duration;
  /**
   * A domain name and its certificate (in us-east-1) to serve the distribution on, with
   * TLS 1.2 or later (`TLSv1.2_2021`).
   * @default - served on the distribution's own *.cloudfront.net name
   */
  readonly customDomain?: CustomDomain;
  /**
   * The write API's path pattern (e.g. `/api/*`): passed through to the same origin
   * uncached, every method allowed, HTTPS only.
   * @default - none: every path is a cached, read-only feed
   */
  readonly writeApiPathPattern?: string;
  /**
   * The embed widget's path pattern (e.g. `/embed*`: `/embed.js`, `/embed/v/{hash}.js`,
   * `/embed/{scope}`): the same origin, cached, keyed on the path and the iframe page's
   * options (EMBED_QUERY_PARAMETERS), without view variants or credentials.
   * @default - none: the feeds behavior serves those paths, and drops `theme` and `images`
   */
  readonly embedPathPattern?: string;
  /**
   * Where CloudFront delivers its standard logs (under `cloudfront/`), for the audience
   * figures (infra/constructs/audience-logs.ts). The bucket must have ACLs enabled.
   * @default - no logs
   */
  readonly logBucket?: IBucket;
  /**
   * Headers CloudFront adds to every origin request, on every origin of the API (the
   * origin secret, infra/constructs/origin-secret.ts).
   * @default - none
   */
  readonly originHeaders?: Record<string, string>;
  /**
   * The AWS WAF web ACL (CLOUDFRONT scope, from us-east-1) in front of the distribution.
   * @default - none
   */
  readonly webAclArn?: string;
}

/**
 * How long browsers keep to HTTPS for the host (RFC 6797): a year, the value HSTS
 * preload lists ask for. Subdomains are left out: a custom domain's parent and siblings
 * are the publisher's, not ours to bind.
 */
export const HSTS_MAX_AGE = Duration.days(365);

/**
 * The CloudFront distribution readers and feed aggregators hit. It caches what the
 * origin's `Cache-Control` allows (min TTL 0, so `no-store`, `no-cache`, `private` and
 * short `max-age` win), compresses with gzip and Brotli, and funnels every miss through
 * Origin Shield, so one request per cached variant (URL, feed query parameters, page or
 * feed view) per TTL reaches the API, however many edge locations ask. Partner requests
 * (a key or a feed token) are answered `private, no-cache` and so always reach it. The
 * embed widget and the write API, when given, are behaviors beside the feeds.
 */
export class FeedsCdn extends Construct {
  /** The distribution: its domain name is the feeds' address unless a custom domain is set. */
  public readonly distribution: Distribution;
  /**
   * The API host without Origin Shield, for uncached paths (`/api/*`; WebSub's `/websub`),
   * when `writeApiPathPattern` is given.
   */
  public readonly uncachedOrigin?: IOrigin;
  /** The feeds (default) behavior's cache policy. */
  public readonly cachePolicy: CachePolicy;
  /** Sets `X-Wirefeed-View` on every request of the feeds behavior. */
  public readonly viewFunction: CloudFrontFunction;
  /** The embed behavior's cache policy, when `embedPathPattern` is given. */
  public readonly embedCachePolicy?: CachePolicy;
  /** HSTS on every answer; behaviors added from outside use it too. */
  public readonly responseHeadersPolicy: ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: FeedsCdnProps) {
    super(scope, id);
    const queryParameters = props.queryParameters ?? [...FEED_QUERY_PARAMETERS];
    const ttls = {
      minTtl: Duration.seconds(0),
      defaultTtl: props.defaultTtl ?? Duration.minutes(5),
      maxTtl: props.maxTtl ?? Duration.days(1),
    };
    // CloudFront refuses these only when the stack deploys, after the API stack's other
    // resources were created; a synth-time error names the prop instead.
    if (ttls.defaultTtl.toSeconds() > ttls.maxTtl.toSeconds()) {
      throw new Error(
        `FeedsCdn ${id}: defaultTtl (${ttls.defaultTtl.toSeconds()} s) must not exceed maxTtl (${ttls.maxTtl.toSeconds()} s)`,
      );
    }
    if (queryParameters.length > MAX_CACHE_KEY_QUERY_STRINGS) {
      throw new Error(
        `FeedsCdn ${id}: queryParameters holds ${queryParameters.length} names; a cache policy allows at most ${MAX_CACHE_KEY_QUERY_STRINGS}`,
      );
    }
    if (props.writeApiPathPattern && props.writeApiPathPattern === props.embedPathPattern) {
      throw new Error(
        `FeedsCdn ${id}: writeApiPathPattern and embedPathPattern must differ; both are "${props.embedPathPattern}"`,
      );
    }
    this.cachePolicy = new CachePolicy(this, 'CachePolicy', {
      comment: 'wirefeed feeds: path, the query parameters that change the output, the view, Authorization',
      ...ttls,
      queryStringBehavior:
        queryParameters.length > 0
          ? CacheQueryStringBehavior.allowList(...queryParameters)
          : CacheQueryStringBehavior.none(),
      // Two headers, and no Accept or Sec-Fetch-Dest: the view function below reduces
      // those to X-Wirefeed-View, so each URL has two cached variants (page and feed)
      // rather than one per browser's Accept string. Authorization is here because a
      // cached behavior forwards it only from the cache key (an origin request policy may
      // not): requests without it (every public reader) share one entry, and a partner's
      // request with it gets `private, no-cache` from the function, which CloudFront
      // does not store, so every partner request reaches the origin and is counted.
      headerBehavior: CacheHeaderBehavior.allowList('Authorization', VIEW_HEADER),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.viewFunction = new CloudFrontFunction(this, 'ViewVariant', {
      comment: `wirefeed: sets ${VIEW_HEADER} to page or feed, as lib/http/view.ts decides`,
      code: FunctionCode.fromFile({ filePath: VIEW_VARIANT_SOURCE }),
      runtime: FunctionRuntime.JS_2_0,
    });

    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'Hsts', {
      comment: 'wirefeed: Strict-Transport-Security on every answer',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: HSTS_MAX_AGE,
          includeSubdomains: false,
          override: true,
        },
      },
    });
    const responseHeadersPolicy = this.responseHeadersPolicy;

    const { customDomain } = props;
    const feedsOrigin = new HttpOrigin(props.originDomainName, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      customHeaders: props.originHeaders,
      originShieldRegion: props.originShieldRegion ?? Stack.of(this).region,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'wirefeed feeds',
      defaultBehavior: {
        origin: feedsOrigin,
        cachePolicy: this.cachePolicy,
        // OPTIONS reaches the origin (uncached), which answers CORS preflights for
        // partners' conditional GETs and partner keys.
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        compress: true,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy,
        // Before the cache lookup, so the key sees the view it sets.
        functionAssociations: [{ function: this.viewFunction, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      webAclId: props.webAclArn,
      ...(props.logBucket && {
        enableLogging: true,
        logBucket: props.logBucket,
        logFilePrefix: CLOUDFRONT_LOG_PREFIX,
        logIncludesCookies: false,
      }),
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
        customHeaders: props.originHeaders,
      });
      this.uncachedOrigin = writeOrigin;
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
        responseHeadersPolicy,
      });
    }

    if (props.embedPathPattern) {
      // The widget is the feeds function's too, but its iframe page has options of its
      // own (`theme`, `images`) that the feeds policy would drop, and it never varies on
      // the view or on credentials. Same origin object, so Origin Shield is shared.
      this.embedCachePolicy = new CachePolicy(this, 'EmbedCachePolicy', {
        comment: 'wirefeed embed widget: path plus the options of the iframe page',
        ...ttls,
        queryStringBehavior: CacheQueryStringBehavior.allowList(...EMBED_QUERY_PARAMETERS),
        headerBehavior: CacheHeaderBehavior.none(),
        cookieBehavior: CacheCookieBehavior.none(),
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
      });
      this.distribution.addBehavior(props.embedPathPattern, feedsOrigin, {
        cachePolicy: this.embedCachePolicy,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        compress: true,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy,
      });
    }

    const acknowledge = (ruleId: string, reason: string) =>
      Validations.of(this.distribution).acknowledge({ id: ruleId, reason });
    acknowledge(
      'AwsSolutions-CFR1',
      'Feeds are public news syndication meant for readers in every country; there is nothing to geo-restrict.',
    );
    if (!props.webAclArn) {
      acknowledge(
        'AwsSolutions-CFR2',
        'This distribution was built without a web ACL (a test, or a stack that adds one elsewhere); the app ' +
          'always passes one (infra/constructs/edge-firewall.ts, from the us-east-1 edge stack).',
      );
    }
    if (!props.logBucket) {
      acknowledge(
        'AwsSolutions-CFR3',
        'Every request CloudFront cannot answer from cache is in the HTTP API access log, and edge traffic is on ' +
          "the dashboard from CloudFront's metrics; standard logs would add an ACL-enabled S3 bucket for little more.",
      );
    }
    if (!customDomain) {
      acknowledge(
        'AwsSolutions-CFR4',
        'Without a custom domain the distribution serves the default *.cloudfront.net certificate, whose TLS ' +
          'policy CloudFront fixes; with domainName and certificateArn set, TLSv1.2_2021 is enforced.',
      );
    }
  }
}
