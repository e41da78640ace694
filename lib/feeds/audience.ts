import type { PartnerSettings } from '../auth/api-key';

/**
 * Who a feed is rendered for: the public, or one partner with its own content level and
 * link tagging. The audience is part of every validator, so no cache mixes them up.
 */
export interface Audience {
  /** `public`, or the partner key's id. */
  id: string;
  level: 'full' | 'excerpt';
  utm?: PartnerSettings['utm'];
}

export const PUBLIC: Audience = { id: 'public', level: 'full' };

export function partnerAudience(id: string, settings: PartnerSettings): Audience {
  return { id: `partner:${id}`, level: settings.level, utm: settings.utm };
}

/** A stable string for validators: changes when the audience's settings do. */
export function audienceKey(a: Audience): string {
  return JSON.stringify([a.id, a.level, a.utm?.source ?? '', a.utm?.medium ?? '', a.utm?.campaign ?? '']);
}

/** The article link with the partner's UTM parameters (kept if the URL already has its own). */
export function taggedLink(url: string, utm: Audience['utm']): string {
  if (!utm) return url;
  const tagged = new URL(url);
  const params: [string, string | undefined][] = [
    ['utm_source', utm.source],
    ['utm_medium', utm.medium ?? 'syndication'],
    ['utm_campaign', utm.campaign],
  ];
  for (const [name, value] of params)
    if (value && !tagged.searchParams.has(name)) tagged.searchParams.set(name, value);
  return tagged.href;
}
