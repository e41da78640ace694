import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WEBSUB_SUBSCRIPTIONS_PARTITION } from '../../lib/store/keys';
import { recordCalls } from '../support/dynamo-calls';
import { anArticleInput, NOW } from '../support/fixtures';
import { aCallbackServer, aHubApp } from './support';

const BASE = 'https://feeds.baobabpost.example';
const TOPIC = `${BASE}/rss.xml`;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

async function setUp(env: Record<string, string> = {}) {
  const t = await aHubApp(env);
  const cb = await aCallbackServer();
  cleanup.push(cb.close, t.close);
  return { t, cb };
}

/** Subscribes `callback` to `topic` and runs the verification. */
async function subscribed(
  t: Awaited<ReturnType<typeof aHubApp>>,
  callback: string,
  extra: Record<string, string> = {},
) {
  const res = await t.subscribe({
    'hub.mode': 'subscribe',
    'hub.topic': TOPIC,
    'hub.callback': callback,
    ...extra,
  });
  expect(res.status).toBe(202);
  await t.worker.drain();
}

const publish = (t: Awaited<ReturnType<typeof aHubApp>>, id: string, overrides = {}) =>
  t.publishing.publishArticle(anArticleInput({ id, publishedAt: t.now().toISOString(), ...overrides }));

describe('subscribing (§5)', { timeout: 120_000 }, () => {
  it('verifies intent at the callback, keeping its own query, then stores the subscription', async () => {
    const { t, cb } = await setUp();
    await subscribed(t, cb.url('/cb?user=7'), { 'hub.lease_seconds': '60' });
    const [verify] = cb.gets();
    expect(verify?.url.pathname).toBe('/cb');
    expect(Object.fromEntries(verify!.url.searchParams)).toMatchObject({
      user: '7',
      'hub.mode': 'subscribe',
      'hub.topic': TOPIC,
      // Clamped up to an hour.
      'hub.lease_seconds': '3600',
    });
    expect(verify!.url.searchParams.get('hub.challenge')).toMatch(/^[\w-]{20,}$/);
    const [s] = await t.websub.store.listSubscriptions(TOPIC);
    expect(s).toMatchObject({
      callback: cb.url('/cb?user=7'),
      leaseSeconds: 3600,
      expiresAt: new Date(NOW.getTime() + 3_600_000).toISOString(),
    });
  });

  it('does not subscribe a callback that does not echo the challenge', async () => {
    const { t, cb } = await setUp();
    const wrong = await aCallbackServer();
    cleanup.push(wrong.close);
    // A server answering 200 with an empty body to everything: not an echo.
    await t.subscribe({
      'hub.mode': 'subscribe',
      'hub.topic': TOPIC,
      'hub.callback': `${cb.url('/x')}?hub.challenge=`,
    });
    await t.worker.drain();
    expect(cb.gets()).toHaveLength(1);
    expect(await t.websub.store.listSubscriptions()).toEqual([]);
  });

  it('answers a malformed request 400 naming each parameter', async () => {
    const { t } = await setUp();
    const res = await t.subscribe({
      'hub.mode': 'watch',
      'hub.topic': TOPIC,
      'hub.callback': 'ftp://x/#y',
      'hub.lease_seconds': 'soon',
      'hub.secret': 'x'.repeat(200),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { errors: { parameter: string }[] };
    expect(problem.errors.map((e) => e.parameter)).toEqual([
      'hub.mode',
      'hub.callback',
      'hub.lease_seconds',
      'hub.secret',
    ]);
    const form = await t.app.request('http://localhost/websub', {
      method: 'POST',
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(form.status).toBe(415);
  });

  it("denies a topic that is not one of this site's feeds, at the callback", async () => {
    const { t, cb } = await setUp();
    for (const topic of [
      'https://elsewhere.example/rss.xml',
      `${BASE}/rss.xml?limit=5`,
      `${BASE}/categories/nope/rss.xml`,
      `${BASE}/api/articles`,
    ]) {
      expect(
        (await t.subscribe({ 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.callback': cb.url() })).status,
      ).toBe(202);
    }
    await t.worker.drain();
    expect(cb.gets().map((r) => r.url.searchParams.get('hub.mode'))).toEqual([
      'denied',
      'denied',
      'denied',
      'denied',
    ]);
    expect(cb.gets()[0]?.url.searchParams.get('hub.reason')).toMatch(/not one of this site's feeds/);
    expect(await t.websub.store.listSubscriptions()).toEqual([]);
  });

  it('unsubscribes after verifying that intent too', async () => {
    const { t, cb } = await setUp();
    await subscribed(t, cb.url());
    await t.subscribe({ 'hub.mode': 'unsubscribe', 'hub.topic': TOPIC, 'hub.callback': cb.url() });
    await t.worker.drain();
    expect(cb.gets().at(-1)?.url.searchParams.get('hub.mode')).toBe('unsubscribe');
    expect(await t.websub.store.listSubscriptions()).toEqual([]);
    await publish(t, 'after');
    await t.after(5_000);
    expect(cb.posts()).toEqual([]);
  });

  it('limits subscription requests per client, in bounded memory', async () => {
    const { t, cb } = await setUp();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (await t.subscribe({ 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.callback': cb.url(`/${i}`) }))
          .status,
      );
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('content distribution (§7)', { timeout: 120_000 }, () => {
  it('POSTs the feed exactly as the topic serves it, with Link and a correct sha256 signature', async () => {
    const { t, cb } = await setUp();
    await subscribed(t, cb.url(), { 'hub.secret': 's3cret' });
    await publish(t, 'news');
    await t.after(500);
    expect(cb.posts()).toEqual([]); // still inside the coalescing window
    await t.after(1_000);
    const [post] = cb.posts();
    const served = await t.app.request('http://localhost/rss.xml');
    expect(post?.body.toString()).toBe(await served.text());
    expect(post?.body.toString()).toContain('Story news');
    expect(post?.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(post?.headers.link).toBe(`<${BASE}/websub>; rel="hub", <${TOPIC}>; rel="self"`);
    const expected = createHmac('sha256', 's3cret').update(post!.body).digest('hex');
    expect(post?.headers['x-hub-signature']).toBe(`sha256=${expected}`);
    const [s] = await t.websub.store.listSubscriptions(TOPIC);
    expect(s?.lastDelivery).toMatchObject({ status: 200, outcome: 'delivered' });
  });

  it('coalesces a burst into one delivery of the latest content per subscriber', async () => {
    const { t, cb } = await setUp();
    await subscribed(t, cb.url());
    for (let i = 0; i < 15; i++) {
      await publish(t, `burst-${i}`);
      await t.after(100); // passes run during the burst; the window trails the latest write
    }
    await t.after(1_000);
    expect(cb.posts()).toHaveLength(1);
    expect(cb.posts()[0]?.body.toString()).toContain('Story burst-14');
  });

  it('still delivers every so often during a long burst (an import), not once per pass', async () => {
    const { t, cb } = await setUp();
    await subscribed(t, cb.url());
    for (let i = 0; i < 30; i++) {
      await publish(t, `long-${i}`);
      await t.after(500); // 15 s of writes, never a 1 s pause: only the 10 s maximum wait lets one out
    }
    const during = cb.posts().length;
    await t.after(1_000);
    expect(during).toBe(1);
    expect(cb.posts()).toHaveLength(2);
    expect(cb.posts()[1]?.body.toString()).toContain('Story long-29');
  });

  it('retries a failing subscriber with growing delays, then delivers', async () => {
    const { t, cb } = await setUp();
    await subscribed(t, cb.url());
    let failures = 3;
    cb.answer(() => (failures-- > 0 ? 503 : 204));
    await publish(t, 'x');
    await t.after(1_000);
    const [job] = await t.websub.store.listJobs();
    expect(job).toMatchObject({ kind: 'deliver', attempts: 1 });
    const delays: number[] = [];
    let last = t.now().getTime();
    for (const j of [job]) delays.push(Date.parse(j!.nextAt) - last);
    for (let i = 0; i < 3; i++) {
      const [pending] = await t.websub.store.listJobs();
      t.setNow(new Date(Date.parse(pending!.nextAt)));
      last = t.now().getTime();
      await t.worker.drain();
      const [next] = await t.websub.store.listJobs();
      if (next) delays.push(Date.parse(next.nextAt) - last);
    }
    expect(cb.posts().map(() => 1)).toHaveLength(4);
    expect(await t.websub.store.listJobs()).toEqual([]);
    // 10 s, 20 s, 40 s, each with up to half of it as jitter.
    expect(delays[0]).toBeGreaterThanOrEqual(5_000);
    expect(delays[0]).toBeLessThanOrEqual(10_000);
    expect(delays[2]).toBeGreaterThanOrEqual(20_000);
    expect(delays[2]).toBeLessThanOrEqual(40_000);
    const [s] = await t.websub.store.listSubscriptions(TOPIC);
    expect(s?.lastDelivery).toMatchObject({ status: 204, outcome: 'delivered' });
  });

  it('gives up after 24 hours into a dead letter an admin can see', async () => {
    const { t, cb } = await setUp();
    await subscribed(t, cb.url());
    cb.answer(() => 500);
    await publish(t, 'x');
    await t.after(1_000);
    for (let i = 0; i < 40 && (await t.websub.store.listJobs()).length; i++) {
      const [pending] = await t.websub.store.listJobs();
      t.setNow(new Date(Date.parse(pending!.nextAt)));
      await t.worker.drain();
    }
    expect(await t.websub.store.listJobs()).toEqual([]);
    expect(t.now().getTime() - NOW.getTime()).toBeLessThan(26 * 3_600_000);
    expect(t.now().getTime() - NOW.getTime()).toBeGreaterThan(20 * 3_600_000);
    const admin = await t.keys.createKey({ name: 'admin', scopes: ['keys:admin'] });
    const res = await t.app.request('http://localhost/api/websub/subscriptions', {
      headers: { Authorization: `Bearer ${admin.key}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      items: { lastDelivery: { outcome: string } }[];
      deadLetters: { kind: string; lastResult: { status: number } }[];
    };
    expect(body.items[0]?.lastDelivery.outcome).toBe('dead');
    expect(body.deadLetters[0]).toMatchObject({ kind: 'deliver', lastResult: { status: 500 } });
    expect(JSON.stringify(body)).not.toContain(cb.url());
  });

  it('lists subscriptions for admins a page at a time, with counts over every page', async () => {
    // Prepare: 5 subscriptions, 2 of them to the Atom feed.
    const t = await aHubApp();
    cleanup.push(t.close);
    const lease = new Date(NOW.getTime() + 86_400_000).toISOString();
    for (const [topic, n] of [
      [TOPIC, 3],
      [`${BASE}/atom.xml`, 2],
    ] as const) {
      for (let i = 0; i < n; i++)
        await t.websub.store.putSubscription({
          topic,
          callback: `https://reader${i}.example/cb?t=${i}`,
          leaseSeconds: 86_400,
          createdAt: NOW.toISOString(),
          expiresAt: lease,
        });
    }
    const admin = await t.keys.createKey({ name: 'admin', scopes: ['keys:admin'] });
    const get = (url: string) =>
      t.app.request(url.replace(BASE, 'http://localhost'), {
        headers: { Authorization: `Bearer ${admin.key}` },
      });
    type Page = {
      items: { topic: string; callbackHost: string }[];
      next: string | null;
      countsByTopic: object;
    };
    // Act: follow `next` at 2 a page.
    const pages: Page[] = [];
    let url: string | null = `${BASE}/api/websub/subscriptions?limit=2`;
    while (url) {
      const res = await get(url);
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      pages.push(page);
      url = page.next;
    }
    // Assess
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    const seen = pages.flatMap((p) => p.items.map((i) => `${i.topic} ${i.callbackHost}`));
    expect(new Set(seen).size).toBe(5);
    for (const page of pages) expect(page.countsByTopic).toEqual({ [TOPIC]: 3, [`${BASE}/atom.xml`]: 2 });
    // A cursor it did not give out, and a limit out of range, are 400s naming the parameter.
    for (const [query, parameter] of [
      ['cursor=bm90IGEgcG9zaXRpb24', 'cursor'],
      ['limit=5000', 'limit'],
    ]) {
      const res = await get(`${BASE}/api/websub/subscriptions?${query}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(`"${parameter}"`);
    }
  });

  it('ends the subscription on 410 Gone', async () => {
    const { t, cb } = await setUp();
    await subscribed(t, cb.url());
    cb.answer(() => 410);
    await publish(t, 'one');
    await t.after(1_000);
    expect(cb.posts()).toHaveLength(1);
    expect(await t.websub.store.listSubscriptions()).toEqual([]);
    await publish(t, 'two');
    await t.after(1_000);
    expect(cb.posts()).toHaveLength(1);
    expect(await t.websub.store.listJobs()).toEqual([]);
  });

  it('sends nothing once a lease has expired, and sweeps the subscription away', async () => {
    const { t, cb } = await setUp();
    await subscribed(t, cb.url(), { 'hub.lease_seconds': '3600' });
    t.setNow(new Date(NOW.getTime() + 3_601_000));
    await publish(t, 'late');
    await t.after(61_000);
    expect(cb.posts()).toEqual([]);
    expect(await t.websub.store.listSubscriptions()).toEqual([]);
  });

  it('re-subscribing renews the lease', async () => {
    const { t, cb } = await setUp();
    await subscribed(t, cb.url(), { 'hub.lease_seconds': '3600' });
    t.setNow(new Date(NOW.getTime() + 3_000_000));
    await subscribed(t, cb.url(), { 'hub.lease_seconds': '3600' });
    const [s] = await t.websub.store.listSubscriptions();
    expect(s?.expiresAt).toBe(new Date(NOW.getTime() + 3_000_000 + 3_600_000).toISOString());
  });

  it("reads each delivery's subscription with one GetItem, however many share the topic", async () => {
    // Prepare: the same publish with 1 and with 6 subscribers.
    const subscriptionReads = async (subscribers: number) => {
      const { t, cb } = await setUp();
      for (let i = 0; i < subscribers; i++) await subscribed(t, cb.url(`/cb${i}`));
      const calls = recordCalls(t.client);
      // Act
      await publish(t, 'fan-out');
      await t.after(2_000);
      expect(cb.posts()).toHaveLength(subscribers);
      const reads = calls.filter((c) => JSON.stringify(c.input).includes(WEBSUB_SUBSCRIPTIONS_PARTITION));
      return {
        gets: reads.filter((c) => c.command === 'GetItemCommand').length,
        queries: reads.filter((c) => c.command === 'QueryCommand').length,
      };
    };
    const one = await subscriptionReads(1);
    const six = await subscriptionReads(6);
    // Assess: a GetItem per delivery; the fan-out's Queries do not grow with the subscribers.
    expect(one.gets).toBe(1);
    expect(six.gets).toBe(6);
    expect(six.queries).toBe(one.queries);
  });

  it('delivers when a scheduled article falls due', async () => {
    const { t, cb } = await setUp();
    await subscribed(t, cb.url());
    await publish(t, 'later', { publishedAt: new Date(NOW.getTime() + 600_000).toISOString() });
    await t.after(2_000);
    const before = cb.posts().length;
    expect(cb.posts().at(-1)?.body.toString() ?? '').not.toContain('Story later');
    await t.after(600_000);
    await t.after(1_000);
    expect(cb.posts().length).toBe(before + 1);
    expect(cb.posts().at(-1)?.body.toString()).toContain('Story later');
  });

  it('delivers a change committed before the process died, from the table, after a restart', async () => {
    const { t, cb } = await setUp();
    await subscribed(t, cb.url());
    await t.worker.stop(); // the process "dies" with the write committed and nothing sent
    await publish(t, 'crash');
    const restarted = t.hubRuntime();
    const worker = restarted.startWorker({ intervalMs: 3_600_000 });
    cleanup.push(() => worker.stop());
    t.setNow(new Date(NOW.getTime() + 2_000));
    await worker.drain();
    expect(cb.posts()).toHaveLength(1);
    expect(cb.posts()[0]?.body.toString()).toContain('Story crash');
  });
});

describe('callback address safety', { timeout: 120_000 }, () => {
  it('refuses loopback callbacks at verification and at delivery when WEBSUB_PRIVATE_CALLBACKS=deny', async () => {
    const { t, cb } = await setUp({ WEBSUB_PRIVATE_CALLBACKS: 'deny' });
    await t.subscribe({ 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.callback': cb.url() });
    await t.worker.drain();
    expect(cb.received).toEqual([]);
    expect(await t.websub.store.listSubscriptions()).toEqual([]);
    // A name that resolves to loopback later (DNS rebinding) is caught at delivery time.
    await t.websub.store.putSubscription({
      topic: TOPIC,
      callback: cb.url().replace('127.0.0.1', 'localhost'),
      leaseSeconds: 3600,
      expiresAt: new Date(NOW.getTime() + 3_600_000).toISOString(),
      createdAt: NOW.toISOString(),
    });
    await publish(t, 'x');
    await t.after(1_000);
    expect(cb.received).toEqual([]);
    const [letter] = await t.websub.store.listDeadLetters(10);
    expect(letter?.lastResult.detail).toMatch(/not public/);
  });
});
