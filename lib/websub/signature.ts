import { createHmac } from 'node:crypto';

/** WebSub §7.1: `X-Hub-Signature: sha256=<hex HMAC of the body, keyed with hub.secret>`. */
export function hubSignature(secret: string, body: Uint8Array | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
