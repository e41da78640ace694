import { App, Duration, Stack } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy } from 'aws-cdk-lib/aws-cloudfront';
import { Bucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CLOUDFRONT_LOG_PREFIX,
  FeedsCdn,
  type FeedsCdnProps,
  HSTS_MAX_AGE,
  MAX_CACHE_KEY_QUERY_STRINGS,
} from '../../infra/constructs/feeds-cdn';
import { EMBED_QUERY_PARAMETERS } from '../../lib/embed/embed-options';
import { FEED_QUERY_PARAMETERS } from '../../lib/feeds/feed-query';
import { VIEW_HEADER } from '../../lib/http/view';

const ORIGIN = 'abc123.execute-api.eu-west-1.amazonaws.com';
// AWS managed policies, by their fixed ids (CachingDisabled, AllViewerExceptHostHeader).
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

type Behavior = Record<string, unknown> & { PathPattern?: string; TargetOriginId: string };
type Origin = Record<string, unknown> & { Id: string };

/**
 * A FeedsCdn alone in a bare stack in eu-west-1, with `props` over the one required prop;
 * `props` may be built from the stack, for a stand-in dependency.
 */
function aCdn(props: Partial<FeedsCdnProps> | ((stack: Stack) => Partial<FeedsCdnProps>) = {}) {
  const stack = new Stack(new App(), 'Test', { env: { region: 'eu-west-1' } });
  const given = typeof props === 'function' ? props(stack) : props;
  const cdn = new FeedsCdn(stack, 'Cdn', { originDomainName: ORIGIN, ...given });
  return { stack, cdn, template: () => Template.fromStack(stack) };
}

function distributionConfig(template: Template) {
  const distributions = Object.values(template.findResources('AWS::CloudFront::Distribution'));
  expect(distributions).toHaveLength(1);
  return distributions[0]!.Properties.DistributionConfig as {
    DefaultCacheBehavior: Behavior;
    CacheBehaviors?: Behavior[];
    Origins: Origin[];
  } & Record<string, unknown>;
}

describe('FeedsCdn, by default', () => {
  // One synthesis for the tests that only read it (the first one also loads the CDK).
  let defaults: ReturnType<typeof aCdn> & { built: Template };
  beforeAll(() => {
    const cdn = aCdn();
    defaults = { ...cdn, built: cdn.template() };
  });

  it('keys the feeds cache on the feed query parameters, the view and Authorization, TTL 0 / 5 min / 1 day', () => {
    const { stack, cdn, built } = defaults;

    built.resourceCountIs('AWS::CloudFront::CachePolicy', 1);
    built.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        MinTTL: 0,
        DefaultTTL: 300,
        MaxTTL: 86_400,
        ParametersInCacheKeyAndForwardedToOrigin: {
          QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: [...FEED_QUERY_PARAMETERS] },
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization', VIEW_HEADER] },
          CookiesConfig: { CookieBehavior: 'none' },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      }),
    });
    // The policy the default behavior uses is the one the construct exposes.
    const policyId = new Capture();
    built.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ CachePolicyId: policyId }),
      }),
    });
    expect(policyId.asObject()).toEqual(stack.resolve(cdn.cachePolicy.cachePolicyId));
  });

  it('serves GET, HEAD and OPTIONS over HTTPS, compressed, through Origin Shield in the stack region', () => {
    const config = distributionConfig(defaults.built);

    expect(config.DefaultCacheBehavior).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      CachedMethods: ['GET', 'HEAD'],
      Compress: true,
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    expect(config.HttpVersion).toBe('http2and3');
    expect(config.Origins).toEqual([
      {
        Id: config.DefaultCacheBehavior.TargetOriginId,
        DomainName: ORIGIN,
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
        OriginShield: { Enabled: true, OriginShieldRegion: 'eu-west-1' },
      },
    ]);
  });

  it('runs the view function (cloudfront-js-2.0) at viewer request of the feeds behavior', () => {
    const { stack, cdn, built } = defaults;

    built.hasResourceProperties('AWS::CloudFront::Function', {
      AutoPublish: true,
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
    expect(distributionConfig(built).DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: stack.resolve(cdn.viewFunction.functionArn) },
    ]);
  });

  it('sends HSTS for a year without subdomains, from the policy it exposes', () => {
    const { stack, cdn, built } = defaults;

    built.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: HSTS_MAX_AGE.toSeconds(),
            IncludeSubdomains: false,
            Override: true,
          },
        },
      }),
    });
    expect(HSTS_MAX_AGE.toSeconds()).toBe(31_536_000);
    expect(distributionConfig(built).DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual(
      stack.resolve(cdn.responseHeadersPolicy.responseHeadersPolicyId),
    );
  });

  it('has no other behavior, origin, web ACL, logging or alias, and exposes no uncached origin or embed policy', () => {
    const { cdn, built } = defaults;
    const config = distributionConfig(built);

    expect(config.CacheBehaviors).toBeUndefined();
    expect(config.Origins).toHaveLength(1);
    expect(config.Origins[0]!.OriginCustomHeaders).toBeUndefined();
    expect(config).not.toHaveProperty('WebACLId');
    expect(config).not.toHaveProperty('Logging');
    expect(config).not.toHaveProperty('Aliases');
    expect(config).not.toHaveProperty('ViewerCertificate');
    expect(cdn.uncachedOrigin).toBeUndefined();
    expect(cdn.embedCachePolicy).toBeUndefined();
  });
});

describe('FeedsCdn, with props', () => {
  it('takes the cache key query parameters and TTLs it is given; an empty list keys on no query string', () => {
    const built = aCdn({
      queryParameters: ['page'],
      defaultTtl: Duration.minutes(1),
      maxTtl: Duration.hours(1),
    }).template();
    built.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: 60,
        MaxTTL: 3600,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: ['page'] },
        }),
      }),
    });

    aCdn({ queryParameters: [] })
      .template()
      .hasResourceProperties('AWS::CloudFront::CachePolicy', {
        CachePolicyConfig: Match.objectLike({
          ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
            QueryStringsConfig: { QueryStringBehavior: 'none' },
          }),
        }),
      });
  });

  it('runs Origin Shield in originShieldRegion when given', () => {
    const config = distributionConfig(aCdn({ originShieldRegion: 'eu-central-1' }).template());

    expect(config.Origins[0]!.OriginShield).toEqual({ Enabled: true, OriginShieldRegion: 'eu-central-1' });
  });

  it('passes writeApiPathPattern through uncached, every method, HTTPS only, to an origin without Origin Shield', () => {
    const { cdn, template } = aCdn({ writeApiPathPattern: '/api/*' });
    const config = distributionConfig(template());
    const write = config.CacheBehaviors?.find((behavior) => behavior.PathPattern === '/api/*');
    const origin = config.Origins.find((candidate) => candidate.Id === write?.TargetOriginId);

    expect(write).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      ViewerProtocolPolicy: 'https-only',
    });
    expect(write?.TargetOriginId).not.toBe(config.DefaultCacheBehavior.TargetOriginId);
    expect(origin).toMatchObject({ DomainName: ORIGIN });
    expect(origin).not.toHaveProperty('OriginShield');
    expect(cdn.uncachedOrigin).toBeDefined();
  });

  it('lets behaviors added from outside use the uncached origin and the HSTS policy it exposes', () => {
    const { stack, cdn, template } = aCdn({ writeApiPathPattern: '/api/*' });
    cdn.distribution.addBehavior('/websub', cdn.uncachedOrigin!, {
      cachePolicy: CachePolicy.CACHING_DISABLED,
      responseHeadersPolicy: cdn.responseHeadersPolicy,
    });
    const config = distributionConfig(template());
    const byPath = (path: string) => config.CacheBehaviors?.find((behavior) => behavior.PathPattern === path);

    expect(config.Origins).toHaveLength(2);
    expect(byPath('/websub')?.TargetOriginId).toBe(byPath('/api/*')?.TargetOriginId);
    expect(byPath('/websub')?.ResponseHeadersPolicyId).toEqual(
      stack.resolve(cdn.responseHeadersPolicy.responseHeadersPolicyId),
    );
  });

  it('serves embedPathPattern from the feeds origin with a policy of its own: the embed options, no headers', () => {
    const { stack, cdn, template } = aCdn({ embedPathPattern: '/embed*' });
    const built = template();
    const config = distributionConfig(built);
    const embed = config.CacheBehaviors?.find((behavior) => behavior.PathPattern === '/embed*');

    expect(cdn.embedCachePolicy).toBeDefined();
    expect(embed).toMatchObject({
      CachePolicyId: stack.resolve(cdn.embedCachePolicy!.cachePolicyId),
      TargetOriginId: config.DefaultCacheBehavior.TargetOriginId,
      AllowedMethods: ['GET', 'HEAD'],
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    expect(embed).not.toHaveProperty('FunctionAssociations');
    built.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: [...EMBED_QUERY_PARAMETERS] },
          HeadersConfig: { HeaderBehavior: 'none' },
        }),
      }),
    });
  });

  it('sends originHeaders to every origin, and sits behind webAclArn', () => {
    const webAclArn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/wirefeed/abc';
    const config = distributionConfig(
      aCdn({
        writeApiPathPattern: '/api/*',
        originHeaders: { 'x-origin-verify': 's3cret' },
        webAclArn,
      }).template(),
    );

    expect(config.Origins).toHaveLength(2);
    for (const origin of config.Origins) {
      expect(origin.OriginCustomHeaders).toEqual([{ HeaderName: 'x-origin-verify', HeaderValue: 's3cret' }]);
    }
    expect(config.WebACLId).toBe(webAclArn);
  });

  it('logs to logBucket under cloudfront/, without cookies', () => {
    let bucket: Bucket | undefined;
    const { stack, template } = aCdn((scope) => {
      bucket = new Bucket(scope, 'Logs', { objectOwnership: ObjectOwnership.OBJECT_WRITER });
      return { logBucket: bucket };
    });

    expect(distributionConfig(template()).Logging).toEqual({
      Bucket: stack.resolve(bucket!.bucketRegionalDomainName),
      IncludeCookies: false,
      Prefix: CLOUDFRONT_LOG_PREFIX,
    });
    expect(CLOUDFRONT_LOG_PREFIX).toBe('cloudfront/');
  });

  it('serves customDomain with its certificate, SNI and TLS 1.2 or later', () => {
    const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
    const config = distributionConfig(
      aCdn({ customDomain: { domainName: 'feeds.example.org', certificateArn } }).template(),
    );

    expect(config.Aliases).toEqual(['feeds.example.org']);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: certificateArn,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });
});

describe('FeedsCdn refuses props CloudFront would refuse at deploy time', () => {
  it('a defaultTtl longer than maxTtl', () => {
    expect(() => aCdn({ defaultTtl: Duration.days(2) })).toThrow(
      /FeedsCdn Cdn: defaultTtl \(172800 s\) must not exceed maxTtl \(86400 s\)/,
    );
    expect(() => aCdn({ defaultTtl: Duration.hours(1), maxTtl: Duration.hours(1) })).not.toThrow();
  });

  it('more query parameters than a cache policy may list', () => {
    const names = (count: number) => Array.from({ length: count }, (_, i) => `q${i}`);

    expect(() => aCdn({ queryParameters: names(MAX_CACHE_KEY_QUERY_STRINGS + 1) })).toThrow(
      /queryParameters holds 11 names; a cache policy allows at most 10/,
    );
    expect(() => aCdn({ queryParameters: names(MAX_CACHE_KEY_QUERY_STRINGS) })).not.toThrow();
  });

  it('the same path pattern for the write API and the embed widget', () => {
    expect(() => aCdn({ writeApiPathPattern: '/x*', embedPathPattern: '/x*' })).toThrow(
      /writeApiPathPattern and embedPathPattern must differ/,
    );
  });
});
