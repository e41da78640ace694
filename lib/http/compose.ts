import { Hono } from 'hono';
import { notFound, onError } from './problem';

/** One app serving several (the local server: feeds and the write API), with the same error contract. */
export function composeApps(...apps: Hono[]): Hono {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  for (const sub of apps) app.route('/', sub);
  return app;
}
