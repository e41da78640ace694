import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
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
