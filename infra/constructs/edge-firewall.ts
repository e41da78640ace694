import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** Requests per client IP per 5 minutes, past which the web ACL answers 429. */
export interface EdgeRateLimits {
  /** Every request, cached or not. */
  readonly general: number;
  /**
   * Requests with `since`, `token` or `Authorization` outside the write paths: each one
   * is a distinct cache key (or is never cached), so each one reaches the function.
   */
  readonly cacheBusting: number;
  /** `/api/`, `/websub` and `/admin`: never cached, each one a function call and table work. */
  readonly writes: number;
}

/** The defaults (docs/infra.md "Per-client limits at the edge" says why these numbers). */
export const DEFAULT_EDGE_RATE_LIMITS: EdgeRateLimits = { general: 3_000, cacheBusting: 300, writes: 1_500 };

/** AWS WAF's bounds for a rate-based rule's limit. */
export const RATE_LIMIT_RANGE = { min: 10, max: 2_000_000_000 } as const;

export interface EdgeFirewallProps {
  /** @default DEFAULT_EDGE_RATE_LIMITS */
  readonly rateLimits?: EdgeRateLimits;
  /** Prefix of the web ACL's and its rules' CloudWatch metric names, e.g. `wirefeed-dev`. */
  readonly metricPrefix: string;
}

/** Seconds a client told 429 should wait: the rate rules' window, after which its count has decayed. */
const RETRY_AFTER_SECONDS = 300;

/**
 * The web ACL in front of the distribution (CLOUDFRONT scope, so it must be created in
 * us-east-1): per-client-IP rate limits that answer 429 with `Retry-After` (which feed
 * readers and the importer back off on), and AWS managed rule groups that fit a public
 * feed service and a write API taking article HTML. Default action: allow.
 */
export class EdgeFirewall extends Construct {
  public readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeFirewallProps) {
    super(scope, id);
    const limits = props.rateLimits ?? DEFAULT_EDGE_RATE_LIMITS;
    for (const [name, limit] of Object.entries(limits)) {
      if (!Number.isInteger(limit) || limit < RATE_LIMIT_RANGE.min || limit > RATE_LIMIT_RANGE.max) {
        throw new Error(
          `EdgeFirewall ${id}: rate limit "${name}" must be a whole number from ${RATE_LIMIT_RANGE.min} to ${RATE_LIMIT_RANGE.max}; got ${limit}`,
        );
      }
    }
    const visibility = (name: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: `${props.metricPrefix}-${name}`,
      sampledRequestsEnabled: true,
    });
    const tooMany: CfnWebACL.RuleActionProperty = {
      block: {
        customResponse: {
          responseCode: 429,
          customResponseBodyKey: 'tooManyRequests',
          responseHeaders: [{ name: 'Retry-After', value: String(RETRY_AFTER_SECONDS) }],
        },
      },
    };
    const rateRule = (
      name: string,
      priority: number,
      limit: number,
      scopeDownStatement?: CfnWebACL.StatementProperty,
    ): CfnWebACL.RuleProperty => ({
      name,
      priority,
      action: tooMany,
      statement: {
        rateBasedStatement: { limit, aggregateKeyType: 'IP', evaluationWindowSec: 300, scopeDownStatement },
      },
      visibilityConfig: visibility(name),
    });
    const managed = (
      name: string,
      priority: number,
      countOnly: string[] = [],
      scopeDownStatement?: CfnWebACL.StatementProperty,
    ): CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })),
          scopeDownStatement,
        },
      },
      visibilityConfig: visibility(name),
    });

    const writePaths: CfnWebACL.StatementProperty = {
      orStatement: { statements: ['/api/', '/websub', '/admin'].map(pathStartsWith) },
    };
    const cacheBusting: CfnWebACL.StatementProperty = {
      andStatement: {
        statements: [
          { notStatement: { statement: writePaths } },
          {
            orStatement: {
              statements: [
                present({ singleQueryArgument: { Name: 'since' } }),
                present({ singleQueryArgument: { Name: 'token' } }),
                present({ singleHeader: { Name: 'authorization' } }),
              ],
            },
          },
        ],
      },
    };

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description:
        'wirefeed: per-client rate limits and AWS managed rules in front of the feeds distribution',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('web-acl'),
      customResponseBodies: {
        tooManyRequests: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: 'about:blank',
            title: 'Too Many Requests',
            status: 429,
            detail: `Too many requests from your address; retry after ${RETRY_AFTER_SECONDS} seconds.`,
          }),
        },
      },
      rules: [
        // Addresses AWS's threat intelligence has seen in botnets and scans; cheap (25 WCU).
        managed('AWSManagedRulesAmazonIpReputationList', 0),
        rateRule('RateWrites', 1, limits.writes, writePaths),
        rateRule('RateCacheBusting', 2, limits.cacheBusting, cacheBusting),
        rateRule('RateGeneral', 3, limits.general),
        // Log4Shell, Java deserialization and similar exploit strings. The body rules
        // only count: an article about Log4Shell quotes `${jndi:…}` in its HTML.
        managed('AWSManagedRulesKnownBadInputsRuleSet', 4, ['Log4JRCE_BODY', 'JavaDeserializationRCE_BODY']),
        // The core rule set on the read paths only: its body rules (8 KB size limit,
        // cross-site scripting) would refuse legitimate article PUTs of up to 256 KB of
        // HTML, so the write paths skip the group; feeds have no bodies anyway. A reader
        // without a User-Agent is counted, not refused: small feed fetchers send none.
        managed('AWSManagedRulesCommonRuleSet', 5, ['NoUserAgent_HEADER', 'SizeRestrictions_BODY'], {
          notStatement: { statement: writePaths },
        }),
      ],
    });
  }

  public get webAclArn(): string {
    return this.webAcl.attrArn;
  }
}

/** The URI path starts with `prefix`, after URL-decoding and lowercasing (so `/%41PI/` counts as `/api/`). */
function pathStartsWith(prefix: string): CfnWebACL.StatementProperty {
  return {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      searchString: prefix,
      textTransformations: [
        { priority: 0, type: 'URL_DECODE' },
        { priority: 1, type: 'LOWERCASE' },
      ],
    },
  };
}

/** The field is there (a missing query argument or header never matches a size constraint). */
function present(fieldToMatch: CfnWebACL.FieldToMatchProperty): CfnWebACL.StatementProperty {
  return {
    sizeConstraintStatement: {
      fieldToMatch,
      comparisonOperator: 'GE',
      size: 0,
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  };
}
