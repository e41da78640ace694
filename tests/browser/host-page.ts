import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';

/** A port nobody listens on yet (and, once closed again, one that refuses connections). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export interface HostSite {
  /** The partner's origin, e.g. http://localhost:41235: another origin than wirefeed's. */
  url: string;
  /** Serves `html` at `path` from now on. */
  page(path: string, html: string): string;
  close(): Promise<void>;
}

/**
 * The partner's website: a second, tiny HTTP server on another port and host name
 * (`localhost` against wirefeed's `127.0.0.1`), so the browser treats it as another site
 * and every request to wirefeed is cross-origin, as on a real partner's page.
 */
export async function startHostSite(): Promise<HostSite> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const html = pages.get(new URL(req.url ?? '/', 'http://host').pathname);
    res.writeHead(html === undefined ? 404 : 200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html ?? 'Not found');
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const url = `http://localhost:${port}`;
  return {
    url,
    page(path, html) {
      pages.set(path, html);
      return `${url}${path}`;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/**
 * A partner's page around `body`, with styles that would clash with a widget that did not
 * isolate its own: pink wavy links, square bullets, red-bordered images.
 */
export function partnerPage(title: string, body: string, style = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>
body{font:16px/1.5 Georgia,serif;margin:24px;width:560px;background:#f4f1ea;color:#222}
a{color:hotpink;text-decoration:underline wavy}
ul li{list-style:square}
img{border:5px solid red}
${style}
</style>
</head>
<body>
<h1>${title}</h1>
${body}
</body>
</html>
`;
}
