import type { Context } from 'aws-lambda';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { jsonLinesOf } from '../support/output-lines';

const context = (awsRequestId: string) =>
  ({
    awsRequestId,
    functionName: 'wirefeed-feeds',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:wirefeed-feeds',
    memoryLimitInMB: '512',
  }) as Context;

describe('observed(): the one logger on Lambda', () => {
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('puts the request id, the function and cold start on every line of an invocation', async () => {
    // Lambda sets this before the module loads; Powertools reports cold starts only for it.
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const { observed } = await import('../../lib/observability/lambda');
    const { logger } = await import('../../lib/observability/logger');
    const handler = observed(async (event: { say: string }) => {
      logger.warn('something to look at', { said: event.say });
      return 'ok';
    });
    const lines = await jsonLinesOf(async () => {
      expect(await handler({ say: 'first' }, context('req-1'))).toBe('ok');
      await handler({ say: 'second' }, context('req-2'));
    });
    const logged = lines.filter((l) => l.message === 'something to look at');
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({
      level: 'WARN',
      service: 'wirefeed',
      function_request_id: 'req-1',
      function_name: 'wirefeed-feeds',
      cold_start: true,
      said: 'first',
    });
    expect(logged[1]).toMatchObject({ function_request_id: 'req-2', cold_start: false, said: 'second' });
    // Nothing counted, nothing published: no empty EMF line and no warning about one.
    expect(lines.filter((l) => l._aws)).toEqual([]);
  });
});
