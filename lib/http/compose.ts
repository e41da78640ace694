import { Hono, type MiddlewareHandler } from 'hono';
import { notFound, onError } from './problem';

/**
 * One app serving several (the local server: feeds and the write API), with the same
 * error contract, behind `middleware` (which must come before the routes to wrap them).
 */
export function composeApps(apps: Hono[], middleware: MiddlewareHandler[] = []): Hono {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  for (const m of middleware) app.use('*', m);
  for (const sub of apps) app.route('/', sub);
  return app;
}
