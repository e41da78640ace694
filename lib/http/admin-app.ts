import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AdminAssets } from '../admin/admin-assets';
import { ADMIN_CSP, renderDashboardPage, renderSignInPage, type WebSubSection } from '../admin/admin-page';
import { type AdminSessions, SESSION_TTL_MS } from '../admin/admin-sessions';
import { buildDashboard } from '../admin/dashboard';
import { defaultRange, type StatsService } from '../audience/stats-service';
import type { KeyService } from '../auth/key-service';
import type { SiteConfig } from '../config';
import { WirefeedError } from '../errors';
import { UsageQuerySchema } from './key-routes';
import { notFound, onError } from './problem';

export interface AdminAppDeps {
  sessions: AdminSessions;
  stats: StatsService;
  keys: Pick<KeyService, 'listKeys'>;
  assets: AdminAssets;
  site: SiteConfig;
  now: () => Date;
  /** The hub's subscriptions per feed, once there is a hub. @default - the section says there is none */
  websub?: () => Promise<WebSubSection>;
}

export const SESSION_COOKIE = 'wirefeed_admin';

const NO_WEBSUB: WebSubSection = {
  available: false,
  note: 'No WebSub hub runs in this deployment yet, so there are no subscriptions to show.',
};

/**
 * The admin page at /admin: sign in with an admin key (a POSTed form, never a URL), then
 * the audience charts. The session cookie is HttpOnly, SameSite=Strict, scoped to /admin
 * and Secure when the site is served over https; only the SHA-256 of its token is stored.
 * State-changing requests (sign-in, sign-out) must come from our own origin.
 */
export function createAdminApp({ sessions, stats, keys, assets, site, now, websub }: AdminAppDeps) {
  const app = new Hono().basePath('/admin');
  app.onError(onError);
  app.notFound(notFound);
  const origin = new URL(site.publicBaseUrl).origin;
  const secure = origin.startsWith('https:');

  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', ADMIN_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    // `same-origin`, not `no-referrer`: under no-referrer a form post says `Origin: null`, and the check below needs ours.
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    if (!c.req.path.startsWith('/admin/assets/')) c.header('Cache-Control', 'no-store');
  });

  /** A form post from another site (or a page not ours) is refused before anything is read. */
  const sameOrigin = (c: Context) => {
    const from = c.req.header('Origin');
    if (from !== undefined && from !== origin) {
      throw new WirefeedError(403, 'Forbidden', 'Admin forms are accepted only from this site.');
    }
  };

  app.get('/', async (c) => {
    const session = await sessions.verify(getCookie(c, SESSION_COOKIE));
    if (!session) return c.html(renderSignInPage(site));
    const query = UsageQuerySchema.safeParse(c.req.query());
    const range = defaultRange(now(), query.data?.from, query.data?.to);
    const [report, keyList, hub] = await Promise.all([
      stats.report(range),
      keys.listKeys(),
      websub ? websub() : Promise.resolve(NO_WEBSUB),
    ]);
    const names = new Map(keyList.map((k) => [k.id, k.name]));
    return c.html(renderDashboardPage(site, buildDashboard(report, names), hub));
  });

  app.post(
    '/sign-in',
    bodyLimit({
      maxSize: 4096,
      onError: (c) => c.html(renderSignInPage(site, 'That form is too large.'), 413),
    }),
    async (c) => {
      sameOrigin(c);
      const form = await c.req.parseBody();
      const key = typeof form.key === 'string' ? form.key : '';
      try {
        const { token } = await sessions.signIn(key);
        setCookie(c, SESSION_COOKIE, token, {
          path: '/admin',
          httpOnly: true,
          secure,
          sameSite: 'Strict',
          maxAge: SESSION_TTL_MS / 1000,
        });
        return c.redirect('/admin', 303);
      } catch (error) {
        if (error instanceof WirefeedError && (error.status === 401 || error.status === 403)) {
          const message =
            error.status === 403
              ? 'This key does not have the keys:admin scope.'
              : 'That is not a valid, unrevoked API key.';
          return c.html(renderSignInPage(site, message), error.status);
        }
        throw error;
      }
    },
  );

  app.post('/sign-out', async (c) => {
    sameOrigin(c);
    await sessions.signOut(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/admin', secure, httpOnly: true, sameSite: 'Strict' });
    return c.redirect('/admin', 303);
  });

  app.get('/assets/:name', async (c) => {
    const asset = await assets.get(c.req.param('name'))?.catch(() => undefined);
    if (!asset) return notFound(c);
    return c.body(asset.body, 200, {
      'Content-Type': asset.contentType,
      'Cache-Control': 'public, max-age=3600',
    });
  });

  return app;
}
