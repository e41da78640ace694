import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config';
import { requireOriginHeader } from '../http/origin-check';
import { originSecretValues } from './origin-secret';

/**
 * The functions' first middleware on AWS: only requests that came through CloudFront
 * (they carry the origin secret) are served. Locally (no ORIGIN_SECRET_ARN) there is none.
 */
export function cloudFrontOnly(config: Config, now: () => Date = () => new Date()): MiddlewareHandler[] {
  if (!config.originSecret) return [];
  return [requireOriginHeader(originSecretValues({ ...config.originSecret, region: config.region, now }))];
}
