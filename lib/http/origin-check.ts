import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ForbiddenError, UnavailableError } from '../errors';

/**
 * The header CloudFront adds to every request it sends the functions, with a value only
 * CloudFront and the functions know (a Secrets Manager secret, infra/constructs/
 * origin-secret.ts). A request that skipped CloudFront (the API's own `execute-api`
 * address) does not have it, and so never gets past the WAF's limits to the table.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * Refuses (403 problem) every request whose `x-origin-verify` is not one of `accepted()`,
 * before any route runs and so before any DynamoDB call. A request without the header
 * is refused without reading the secret at all. When the secret cannot be read, 503:
 * the service is down for that moment, it is not open.
 */
export function requireOriginHeader(accepted: () => Promise<readonly string[]>): MiddlewareHandler {
  return async (c, next) => {
    const presented = c.req.header(ORIGIN_VERIFY_HEADER);
    if (!presented) throw new ForbiddenError('Requests reach wirefeed through its public address only.');
    let values: readonly string[];
    try {
      values = await accepted();
    } catch (error) {
      console.error(
        JSON.stringify({ level: 'error', message: 'origin secret unreadable', error: String(error) }),
      );
      throw new UnavailableError('wirefeed cannot check where this request came from right now.', 5, {
        cause: error,
      });
    }
    if (!values.some((value) => sameText(value, presented)))
      throw new ForbiddenError('Requests reach wirefeed through its public address only.');
    await next();
  };
}

/** Constant-time for equal lengths, so the comparison says nothing about how much matched. */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
