import { type AwsJsonTarget, awsJson } from './aws-json';

/**
 * The values of the origin secret that a request from CloudFront may carry: the secret's
 * current version and, while a rotation settles, its previous one (docs/infra.md
 * "Rotating the origin secret"). Read at most once per `ttlMs` per execution
 * environment; until the first read succeeds nothing is accepted, and a failed refresh
 * keeps the values read before.
 */
export interface OriginSecretOptions {
  secretId: string;
  region: string;
  /** A local stand-in for Secrets Manager (tests). */
  endpoint?: string;
  now: () => Date;
  /** @default 5 minutes: how long a rotated-out value is still taken by a warm instance */
  ttlMs?: number;
}

const STAGES = ['AWSCURRENT', 'AWSPREVIOUS'] as const;

export function originSecretValues(options: OriginSecretOptions): () => Promise<readonly string[]> {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const target: AwsJsonTarget = {
    service: 'secretsmanager',
    target: 'secretsmanager.GetSecretValue',
    region: options.region,
    endpoint: options.endpoint,
  };
  const readStage = async (stage: (typeof STAGES)[number]) => {
    try {
      const { SecretString } = await awsJson<{ SecretString?: string }>(target, {
        SecretId: options.secretId,
        VersionStage: stage,
      });
      return SecretString;
    } catch (error) {
      // A secret never rotated has no AWSPREVIOUS version: nothing more to accept.
      if (stage === 'AWSPREVIOUS' && (error as { type?: string }).type === 'ResourceNotFoundException')
        return undefined;
      throw error;
    }
  };

  let values: readonly string[] = [];
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<readonly string[]> | undefined;
  return async () => {
    if (options.now().getTime() - readAt < ttlMs) return values;
    reading ??= Promise.all(STAGES.map(readStage))
      .then((read) => {
        values = read.filter((v): v is string => typeof v === 'string' && v.length > 0);
        readAt = options.now().getTime();
        return values;
      })
      .catch((error: unknown) => {
        if (values.length === 0) throw error;
        console.warn(
          JSON.stringify({ level: 'warn', message: 'origin secret not refreshed', error: String(error) }),
        );
        return values;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
}
