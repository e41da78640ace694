import { type FieldIssue, ValidationError } from '../errors';

/** A subscription request (WebSub §5.1), checked and with its lease clamped. */
export interface HubRequest {
  mode: 'subscribe' | 'unsubscribe';
  topic: string;
  callback: string;
  leaseSeconds: number;
  secret?: string;
}

export const LEASE_SECONDS = { default: 7 * 86_400, min: 3_600, max: 30 * 86_400 } as const;
const MAX_URL_LENGTH = 2_000;
/** WebSub §5.1: hub.secret MUST be less than 200 bytes. */
const MAX_SECRET_BYTES = 199;

const httpUrl = (value: string): URL | undefined => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Parses `application/x-www-form-urlencoded` hub parameters. Anything malformed is a 400
 * naming each offending parameter; a well-formed request for a topic we do not serve is
 * not an error here: the hub answers it with `hub.mode=denied` at the callback (§5.2).
 */
export function parseHubRequest(form: URLSearchParams): HubRequest {
  const issues: FieldIssue[] = [];
  const one = (name: string): string | undefined => {
    const values = form.getAll(name);
    if (values.length > 1) issues.push({ parameter: name, detail: 'must be given once' });
    return values[0];
  };

  const mode = one('hub.mode');
  if (mode !== 'subscribe' && mode !== 'unsubscribe')
    issues.push({
      parameter: 'hub.mode',
      detail: `must be "subscribe" or "unsubscribe", got ${JSON.stringify(mode ?? null)}`,
    });

  const callback = one('hub.callback') ?? '';
  const callbackUrl = callback.length <= MAX_URL_LENGTH ? httpUrl(callback) : undefined;
  if (!callbackUrl)
    issues.push({
      parameter: 'hub.callback',
      detail: `must be an http or https URL of at most ${MAX_URL_LENGTH} characters`,
    });
  else if (callback.includes('#'))
    issues.push({ parameter: 'hub.callback', detail: 'must not have a fragment' });

  const topic = one('hub.topic') ?? '';
  if (topic.length > MAX_URL_LENGTH || !httpUrl(topic))
    issues.push({
      parameter: 'hub.topic',
      detail: `must be an http or https URL of at most ${MAX_URL_LENGTH} characters`,
    });

  const lease = one('hub.lease_seconds');
  let leaseSeconds: number = LEASE_SECONDS.default;
  if (lease !== undefined && lease !== '') {
    if (!/^\d{1,10}$/.test(lease))
      issues.push({ parameter: 'hub.lease_seconds', detail: 'must be a whole number of seconds' });
    else leaseSeconds = Math.min(LEASE_SECONDS.max, Math.max(LEASE_SECONDS.min, Number(lease)));
  }

  const secret = one('hub.secret');
  if (secret !== undefined && Buffer.byteLength(secret) > MAX_SECRET_BYTES)
    issues.push({ parameter: 'hub.secret', detail: 'must be less than 200 bytes' });

  if (issues.length) throw new ValidationError('The subscription request is not valid.', issues);
  return {
    mode: mode as HubRequest['mode'],
    topic,
    callback,
    leaseSeconds,
    secret: secret || undefined,
  };
}
