import { feedKey, feedOfPath } from '../audience/feed-of-path';
import type { WebSubStore } from '../websub/websub-store';
import type { WebSubSection } from './admin-page';
import { feedLabel } from './dashboard';

/** The admin page's WebSub section: active subscriptions per feed, from the hub's store. */
export function websubSection(
  store: Pick<WebSubStore, 'listSubscriptions'>,
  now: () => Date,
): () => Promise<WebSubSection> {
  return async () => {
    const at = now().toISOString();
    const counts = new Map<string, number>();
    for (const s of await store.listSubscriptions()) {
      if (s.expiresAt > at) counts.set(s.topic, (counts.get(s.topic) ?? 0) + 1);
    }
    const label = (topic: string) => {
      const ref = URL.canParse(topic) ? feedOfPath(new URL(topic).pathname) : undefined;
      return ref ? feedLabel(feedKey(ref)) : topic;
    };
    return {
      available: true,
      feeds: [...counts]
        .map(([topic, subscriptions]) => ({ label: label(topic), subscriptions }))
        .sort((a, b) => b.subscriptions - a.subscriptions || a.label.localeCompare(b.label)),
    };
  };
}
