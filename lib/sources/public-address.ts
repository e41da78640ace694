import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * The SSRF guard for polls on AWS: a followed URL must name a public address. Anyone
 * with `articles:write` may register a URL, and the poller runs inside AWS, where
 * 169.254.169.254 and private ranges are reachable; so every address the host resolves
 * to is checked before each poll, and redirects are not followed (follow-service.ts).
 * A host whose DNS answer changes between this check and the fetch could still slip
 * through; the poller's role can reach only its table, so such a request reads nothing
 * it could write back but a public page.
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

export function isPublicAddress(raw: string): boolean {
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is the IPv4 address it maps.
  const address = /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(raw) ? raw.slice(7) : raw;
  const family = isIP(address);
  if (family === 0) return false;
  return !BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** `refuseUrl` for createFollowService: the reason a URL may not be polled, if any. */
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
