import { Hono } from 'hono';
import { errorField, logger } from '../observability/logger';

/**
 * On AWS: after an article write succeeds, ask the hub's worker to distribute once the
 * coalescing window has passed. Only a nudge — the change is already marked in the
 * table by the write itself, and the per-minute rule distributes it if this is lost —
 * so a failure is logged, never the write's failure.
 */
export function withHubKick(app: Hono, kick: () => Promise<void>): Hono {
  const wrapped = new Hono();
  wrapped.use('*', async (c, next) => {
    await next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.res.status >= 300) return;
    if (!c.req.path.startsWith('/api/articles')) return;
    await kick().catch((error) => logger.warn('websub kick not sent', { error: errorField(error) }));
  });
  wrapped.route('/', app);
  return wrapped;
}
