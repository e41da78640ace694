import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_EDGE_RATE_LIMITS } from '../../infra/constructs/edge-firewall';
import { HSTS_MAX_AGE } from '../../infra/constructs/feeds-cdn';
import { DEFAULT_MONTHLY_BUDGET_USD } from '../../infra/settings';
import { EdgeMonitoringStack, EdgeStack } from '../../infra/stacks/edge-stack';
import { ORIGIN_VERIFY_HEADER } from '../../lib/http/origin-check';
import { testApp } from './support/app';

/**
 * The edge of issue 14: no way around CloudFront (the origin secret), and what is built
 * in us-east-1 for the distribution (web ACL, 5xx alarm, budget).
 */

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
type Resources = Record<string, Resource>;

const VERSION_ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

function apiTemplate(context: Record<string, unknown> = {}): Template {
  return Template.fromStack(testApp(context).api);
}

function secretId(template: Template): string {
  const secrets = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
  expect(secrets).toHaveLength(1);
  return secrets[0]!;
}

describe('no way around CloudFront: the origin secret', () => {
  let template: Template;
  beforeAll(() => {
    template = apiTemplate();
  });

  it('is generated, header-safe, and sent by CloudFront on every origin', () => {
    const id = secretId(template);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true, IncludeSpace: false },
    });
    const [distribution] = Object.values(
      template.findResources('AWS::CloudFront::Distribution') as Resources,
    );
    const origins = (distribution!.Properties.DistributionConfig as { Origins: Record<string, unknown>[] })
      .Origins;
    expect(origins.length).toBeGreaterThanOrEqual(2);
    for (const origin of origins) {
      const headers = origin.OriginCustomHeaders as { HeaderName: string; HeaderValue: unknown }[];
      expect(headers).toEqual([{ HeaderName: ORIGIN_VERIFY_HEADER, HeaderValue: expect.anything() }]);
      // A dynamic reference to the secret, resolved at deploy time: the value is not in the template.
      const value = JSON.stringify(headers[0]!.HeaderValue);
      expect(value).toContain('{{resolve:secretsmanager:');
      expect(value).toContain(`"Ref":"${id}"`);
      expect(value).toContain(':SecretString:::}}');
    }
  });

  it('is known to, and readable by, exactly the functions the HTTP API invokes', () => {
    const id = secretId(template);
    const functions = template.findResources('AWS::Lambda::Function') as Resources;
    const guarded = Object.entries(functions)
      .filter(([, fn]) => {
        const variables = (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
          ?.Variables;
        return JSON.stringify(variables?.ORIGIN_SECRET_ARN) === JSON.stringify({ Ref: id });
      })
      .map(([logicalId]) => logicalId.replace(/[0-9A-F]{8}$/, ''));
    expect(guarded.sort()).toEqual(['ArticlesFunction', 'FeedsFunction', 'WebSubHubFunction']);

    // Which roles may read it: those three, nothing else.
    const readers = Object.values(template.findResources('AWS::IAM::Policy') as Resources).filter((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('secretsmanager:GetSecretValue'),
    );
    expect(readers).toHaveLength(3);
    for (const policy of readers) {
      const statements = (policy.Properties.PolicyDocument as { Statement: { Resource: unknown }[] })
        .Statement;
      const reads = statements.filter((s) => JSON.stringify(s).includes('secretsmanager:GetSecretValue'));
      for (const s of reads) expect(s.Resource).toEqual({ Ref: id });
    }
  });

  it('sends the version named by context originSecretVersionId (the step that completes a rotation)', () => {
    const rotated = apiTemplate({ originSecretVersionId: VERSION_ID });
    const [distribution] = Object.values(rotated.findResources('AWS::CloudFront::Distribution') as Resources);
    expect(JSON.stringify(distribution!.Properties)).toContain(`:SecretString:::${VERSION_ID}}}`);
    expect(() => testApp({ originSecretVersionId: 'not a version' })).toThrow(/originSecretVersionId/);
  });
});

function edgeStacks(context: Record<string, unknown> = {}) {
  const built = testApp(context);
  const find = <T>(type: new (...args: never[]) => T) =>
    built.app.node.children.find((c) => c instanceof type) as T;
  return { ...built, edge: find(EdgeStack), monitoring: find(EdgeMonitoringStack) };
}

interface RateRule {
  Name: string;
  Priority: number;
  Action: { Block: { CustomResponse: { ResponseCode: number; ResponseHeaders: unknown[] } } };
  Statement: {
    RateBasedStatement: { Limit: number; AggregateKeyType: string; ScopeDownStatement?: unknown };
  };
}

function webAcl(stack: Stack) {
  const acls = Object.values(Template.fromStack(stack).findResources('AWS::WAFv2::WebACL') as Resources);
  expect(acls).toHaveLength(1);
  return acls[0]!.Properties as { Scope: string; Rules: RateRule[]; DefaultAction: unknown };
}

describe('per-client limits at the edge: the web ACL (us-east-1)', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('lives in us-east-1 with CLOUDFRONT scope, and the distribution in another region uses it', () => {
    vi.stubEnv('CDK_DEFAULT_REGION', 'eu-west-1');
    const { edge, api, monitoring } = edgeStacks();
    expect([edge.region, monitoring.region, api.region]).toEqual(['us-east-1', 'us-east-1', 'eu-west-1']);
    expect(webAcl(edge).Scope).toBe('CLOUDFRONT');
    // A cross-region output, read when the API stack deploys (after the edge stack).
    Template.fromStack(api).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: {
          'Fn::GetStackOutput': Match.objectLike({ StackName: edge.stackName, Region: 'us-east-1' }),
        },
      }),
    });
    expect(api.dependencies).toContain(edge);
    expect(monitoring.dependencies).toContain(api);
  });

  it('rate-limits per client IP: writes, cache-busting requests and everything, answering 429 with Retry-After', () => {
    const { Rules, DefaultAction } = webAcl(edgeStacks().edge);
    expect(DefaultAction).toEqual({ Allow: {} });
    const rate = Object.fromEntries(
      Rules.filter((r) => r.Statement.RateBasedStatement).map((r) => [r.Name, r]),
    );
    expect(Object.keys(rate).sort()).toEqual(['RateCacheBusting', 'RateGeneral', 'RateWrites']);
    expect(rate.RateGeneral!.Statement.RateBasedStatement.Limit).toBe(DEFAULT_EDGE_RATE_LIMITS.general);
    expect(rate.RateCacheBusting!.Statement.RateBasedStatement.Limit).toBe(
      DEFAULT_EDGE_RATE_LIMITS.cacheBusting,
    );
    expect(rate.RateWrites!.Statement.RateBasedStatement.Limit).toBe(DEFAULT_EDGE_RATE_LIMITS.writes);
    for (const rule of Object.values(rate)) {
      expect(rule.Statement.RateBasedStatement.AggregateKeyType).toBe('IP');
      expect(rule.Action.Block.CustomResponse.ResponseCode).toBe(429);
      expect(rule.Action.Block.CustomResponse.ResponseHeaders).toEqual([
        { Name: 'Retry-After', Value: '300' },
      ]);
    }
    expect(rate.RateGeneral!.Statement.RateBasedStatement.ScopeDownStatement).toBeUndefined();
    const writes = JSON.stringify(rate.RateWrites!.Statement.RateBasedStatement.ScopeDownStatement);
    for (const path of ['/api/', '/websub', '/admin']) expect(writes).toContain(`"SearchString":"${path}"`);
    const busting = JSON.stringify(rate.RateCacheBusting!.Statement.RateBasedStatement.ScopeDownStatement);
    expect(busting).toContain('"SingleQueryArgument":{"Name":"since"}');
    expect(busting).toContain('"SingleQueryArgument":{"Name":"token"}');
    expect(busting).toContain('"SingleHeader":{"Name":"authorization"}');
    // The write paths are counted by their own rule, not by the tighter one.
    expect(busting).toContain('"NotStatement"');
  });

  it('takes its limits from context, and refuses one WAF would reject', () => {
    const { Rules } = webAcl(
      edgeStacks({ wafRateLimit: '6000', wafCacheBustingRateLimit: '120', wafWriteRateLimit: '9000' }).edge,
    );
    const limit = (name: string) => Rules.find((r) => r.Name === name)!.Statement.RateBasedStatement.Limit;
    expect([limit('RateGeneral'), limit('RateCacheBusting'), limit('RateWrites')]).toEqual([6000, 120, 9000]);
    expect(() => edgeStacks({ wafRateLimit: '5' })).toThrow(/wafRateLimit.*from 10/);
    expect(() => edgeStacks({ wafWriteRateLimit: 'lots' })).toThrow(/wafWriteRateLimit/);
  });

  it('uses AWS managed rule groups that fit, with the rules that would refuse article writes only counting', () => {
    const { Rules } = webAcl(edgeStacks().edge);
    const managed = Object.fromEntries(
      Rules.filter((r) => 'ManagedRuleGroupStatement' in r.Statement).map((r) => [
        r.Name,
        (r.Statement as unknown as { ManagedRuleGroupStatement: Record<string, unknown> })
          .ManagedRuleGroupStatement,
      ]),
    );
    expect(Object.keys(managed).sort()).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    const counted = (group: string) =>
      ((managed[group]!.RuleActionOverrides ?? []) as { Name: string; ActionToUse: unknown }[]).map((o) => {
        expect(o.ActionToUse).toEqual({ Count: {} });
        return o.Name;
      });
    expect(counted('AWSManagedRulesKnownBadInputsRuleSet').sort()).toEqual([
      'JavaDeserializationRCE_BODY',
      'Log4JRCE_BODY',
    ]);
    expect(counted('AWSManagedRulesCommonRuleSet').sort()).toEqual([
      'NoUserAgent_HEADER',
      'SizeRestrictions_BODY',
    ]);
    // The core rule set never sees the write paths (256 KB article bodies, HTML).
    const scope = JSON.stringify(managed.AWSManagedRulesCommonRuleSet!.ScopeDownStatement);
    expect(scope).toMatch(/^\{"NotStatement"/);
    expect(scope).toContain('"SearchString":"/api/"');
  });
});

describe('the distribution: HSTS and its id', () => {
  it('sends Strict-Transport-Security on every behavior and outputs DistributionId', () => {
    const template = apiTemplate();
    const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy') as Resources;
    const [policyId, policy] = Object.entries(policies)[0]!;
    expect(Object.keys(policies)).toHaveLength(1);
    expect(policy.Properties).toMatchObject({
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: {
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: HSTS_MAX_AGE.toSeconds(),
            IncludeSubdomains: false,
            Override: true,
          },
        },
      },
    });
    const [distribution] = Object.values(
      template.findResources('AWS::CloudFront::Distribution') as Resources,
    );
    const config = distribution!.Properties.DistributionConfig as {
      DefaultCacheBehavior: Record<string, unknown>;
      CacheBehaviors: Record<string, unknown>[];
    };
    const behaviors = [config.DefaultCacheBehavior, ...config.CacheBehaviors];
    expect(behaviors.length).toBeGreaterThanOrEqual(5);
    for (const behavior of behaviors) expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    template.hasOutput('DistributionId', { Value: { Ref: Match.stringLikeRegexp('^CdnDistribution') } });
  });
});

describe('edge monitoring (us-east-1): CloudFront 5xx rate and the budget', () => {
  it("alarms on the distribution's 5xx rate, notifying its topic both ways", () => {
    const template = Template.fromStack(edgeStacks({ alarmEmail: 'oncall@example.org' }).monitoring);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources);
    expect(alarms).toHaveLength(1);
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
    expect(alarms[0]!.Properties).toMatchObject({
      Namespace: 'AWS/CloudFront',
      MetricName: '5xxErrorRate',
      Threshold: 5,
      AlarmActions: [{ Ref: topicId }],
      OKActions: [{ Ref: topicId }],
    });
    // The API stack's distribution, read from its outputs; CloudFront's metrics carry Region=Global.
    expect(alarms[0]!.Properties.Dimensions).toEqual([
      {
        Name: 'DistributionId',
        Value: { 'Fn::GetStackOutput': expect.objectContaining({ StackName: 'WirefeedDevApi' }) },
      },
      { Name: 'Region', Value: 'Global' },
    ]);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.org',
    });
  });

  it('warns at 80% of the monthly budget spent and at a forecast past it, to the topic and the email', () => {
    const template = Template.fromStack(
      edgeStacks({ alarmEmail: 'oncall@example.org', monthlyBudgetUsd: '120' }).monitoring,
    );
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
    const [budget] = Object.values(template.findResources('AWS::Budgets::Budget') as Resources);
    expect(budget!.Properties.Budget).toMatchObject({
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: 120, Unit: 'USD' },
    });
    const notifications = budget!.Properties.NotificationsWithSubscribers as {
      Notification: { NotificationType: string; Threshold: number };
      Subscribers: unknown[];
    }[];
    expect(notifications.map((n) => [n.Notification.NotificationType, n.Notification.Threshold])).toEqual([
      ['ACTUAL', 80],
      ['FORECASTED', 100],
    ]);
    for (const n of notifications) {
      expect(n.Subscribers).toEqual([
        { SubscriptionType: 'SNS', Address: { Ref: topicId } },
        { SubscriptionType: 'EMAIL', Address: 'oncall@example.org' },
      ]);
    }
    // Budgets may publish to the topic (for this account only).
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'budgets.amazonaws.com' } }),
        ]),
      }),
    });
    const defaults = Template.fromStack(edgeStacks().monitoring);
    defaults.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({ BudgetLimit: { Amount: DEFAULT_MONTHLY_BUDGET_USD, Unit: 'USD' } }),
    });
  });
});
