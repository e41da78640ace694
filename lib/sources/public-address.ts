import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPublicAddress } from '../websub/address-safety';

/**
 * The SSRF guard for polls on AWS: a followed URL must name a public address (the
 * WebSub hub's list of non-public ranges, lib/websub/address-safety.ts). Anyone
 * with `articles:write` may register a URL, and the poller runs inside AWS, where
 * 169.254.169.254 and private ranges are reachable; so every address the host resolves
 * to is checked before each poll, and redirects are not followed (follow-service.ts).
 * A host whose DNS answer changes between this check and the fetch could still slip
 * through; the poller's role can reach only its table, so such a request reads nothing
 * it could write back but a public page.
 *
 * `refuseUrl` for createFollowService: the reason a URL may not be polled, if any.
 */
export async function refuseNonPublicUrl(
  url: URL,
  resolve: (host: string) => Promise<Array<{ address: string }>> = (host) => lookup(host, { all: true }),
): Promise<string | undefined> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol} URLs are not polled`;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host }] : await resolve(host);
  const blocked = addresses.find((a) => !isPublicAddress(a.address));
  if (addresses.length === 0) return `${host} has no address`;
  return blocked ? `${host} resolves to ${blocked.address}, which is not a public address` : undefined;
}
