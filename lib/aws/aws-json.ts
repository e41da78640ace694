import { createHash, createHmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider, SourceData } from '@smithy/types';

/**
 * One signed call to an AWS JSON 1.1 API (Secrets Manager, SSM), for the two reads a
 * function makes at cold start. Not `@aws-sdk/client-ssm` / `client-secrets-manager`:
 * each client adds 80 to 95 KB to a bundle (measured with bench/bundle-size.ts), which
 * the feeds' 700 KB and the articles' 1.3 MB budgets cannot take; the signer and the
 * credential chain are in every bundle already, with the DynamoDB client.
 */

export interface AwsJsonTarget {
  /** The signing name and endpoint prefix, e.g. `secretsmanager`, `ssm`. */
  service: string;
  /** `X-Amz-Target`, e.g. `secretsmanager.GetSecretValue`. */
  target: string;
  region: string;
  /** A local stand-in (tests); unset: `https://{service}.{region}.amazonaws.com`. */
  endpoint?: string;
}

/** What the call failed with: AWS's error type (`ResourceNotFoundException`, …) when it sent one. */
export class AwsJsonError extends Error {
  override name = 'AwsJsonError';
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Node's SHA-256 and HMAC in the shape the signer wants (no extra package). */
class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
}

let sharedCredentials: AwsCredentialIdentityProvider | undefined;

/** The default chain (on Lambda: the function role's keys from its environment), built once. */
function defaultCredentials(): AwsCredentialIdentityProvider {
  sharedCredentials ??= defaultProvider();
  return sharedCredentials;
}

/** Sends `body` to `target` signed with SigV4 and returns the parsed JSON answer. */
export async function awsJson<T>(
  { service, target, region, endpoint }: AwsJsonTarget,
  body: Record<string, unknown>,
  credentials: AwsCredentialIdentityProvider = defaultCredentials(),
): Promise<T> {
  const url = new URL(endpoint ?? `https://${service}.${region}.amazonaws.com/`);
  const payload = JSON.stringify(body);
  const signer = new SignatureV4({ service, region, credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target,
    },
    body: payload,
  });
  // fetch sets Host itself, from the same URL that was signed.
  const { host: _host, ...headers } = signed.headers;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: payload,
    // A cold start must not hang on this: the SDK's own default is no timeout at all.
    signal: AbortSignal.timeout(3_000),
  });
  const text = await response.text();
  if (!response.ok) {
    const parsed = safeJson(text);
    const type = String(parsed?.__type ?? response.status).replace(/^.*#/, '');
    throw new AwsJsonError(type, response.status, `${target}: ${type}: ${parsed?.message ?? text}`);
  }
  return JSON.parse(text) as T;
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
