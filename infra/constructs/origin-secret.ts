import { RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../lib/http/origin-check';

export interface OriginSecretProps {
  /**
   * The secret version CloudFront sends (context `originSecretVersionId`): changing it
   * is what makes CloudFormation resolve the secret again after a rotation
   * (docs/infra.md "Rotating the origin secret").
   * @default - the current version, as resolved when the distribution was last updated
   */
  readonly versionId?: string;
}

/**
 * What makes the API's `execute-api` address useless to anyone but CloudFront: a
 * generated secret that CloudFront adds to every origin request as `x-origin-verify`
 * (`originHeaders`, for the distribution's origins), and that the functions behind it
 * read from Secrets Manager and check before doing any work (`protect`).
 */
export class OriginSecret extends Construct {
  public readonly secret: Secret;
  /** For `HttpOrigin`'s `customHeaders`: CloudFront overwrites a viewer's header of that name. */
  public readonly originHeaders: Record<string, string>;

  constructor(scope: Construct, id: string, props: OriginSecretProps = {}) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: `wirefeed: the ${ORIGIN_VERIFY_HEADER} value CloudFront sends the functions`,
      // Letters and digits only: it travels as an HTTP header value.
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      // A fresh secret with the next deploy is harmless: CloudFront and the functions take it together.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A dynamic reference: the value is resolved by CloudFormation at deploy time and is
    // never in the template (it is visible in the distribution's configuration, to
    // those allowed to read it, as every origin custom header is).
    const value = SecretValue.secretsManager(this.secret.secretArn, { versionId: props.versionId });
    this.originHeaders = { [ORIGIN_VERIFY_HEADER]: value.unsafeUnwrap() };
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotated by hand (docs/infra.md "Rotating the origin secret"): a new value must also reach CloudFront, ' +
        'which takes a deploy with context originSecretVersionId; the functions accept the current and the ' +
        'previous value meanwhile. An automatic rotation function would have to rewrite the distribution.',
    });
  }

  /** Makes `fn` refuse requests without the header: it gets the secret's ARN and may read it. */
  protect(...functions: LambdaFunction[]): void {
    for (const fn of functions) {
      fn.addEnvironment('ORIGIN_SECRET_ARN', this.secret.secretArn);
      this.secret.grantRead(fn);
    }
  }
}
