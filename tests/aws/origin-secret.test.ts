import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { originSecretValues } from '../../lib/aws/origin-secret';
import { type AwsStandIn, startAwsStandIn } from '../support/aws-stand-in';

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:origin-AbCdEf';

describe('originSecretValues (rotation: current and previous, re-read after the cache time)', () => {
  let aws: AwsStandIn;
  beforeAll(async () => {
    aws = await startAwsStandIn();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await aws.close();
  });

  const clock = () => {
    let t = Date.parse('2026-12-01T12:00:00Z');
    return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
  };

  it('accepts only the current value of a secret never rotated (no AWSPREVIOUS)', async () => {
    aws.secrets.set(SECRET, { AWSCURRENT: 'one' });
    const { now } = clock();
    const values = originSecretValues({ secretId: SECRET, region: 'us-east-1', endpoint: aws.endpoint, now });
    expect(await values()).toEqual(['one']);
  });

  it('sees a rotation once the cache time has passed, and keeps taking the previous value', async () => {
    aws.secrets.set(SECRET, { AWSCURRENT: 'one' });
    const { now, advance } = clock();
    const values = originSecretValues({
      secretId: SECRET,
      region: 'us-east-1',
      endpoint: aws.endpoint,
      now,
      ttlMs: 60_000,
    });
    expect(await values()).toEqual(['one']);
    aws.secrets.set(SECRET, { AWSCURRENT: 'two', AWSPREVIOUS: 'one' });
    advance(59_000);
    expect(await values()).toEqual(['one']);
    advance(2_000);
    expect(await values()).toEqual(['two', 'one']);
  });

  it('keeps what it read when a refresh fails, and fails while it has read nothing', async () => {
    const { now, advance } = clock();
    const options = { secretId: SECRET, region: 'us-east-1', endpoint: aws.endpoint, now, ttlMs: 1_000 };
    aws.secrets.set(SECRET, { AWSCURRENT: 'three' });
    const values = originSecretValues(options);
    expect(await values()).toEqual(['three']);
    aws.secrets.delete(SECRET);
    advance(5_000);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await values()).toEqual(['three']);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
    await expect(originSecretValues(options)()).rejects.toThrow(/ResourceNotFoundException/);
  });
});
