import { html, raw } from 'hono/html';
import type { SiteConfig } from '../config';
import type { Dashboard } from './dashboard';

/**
 * The admin page's Content-Security-Policy: scripts, styles and everything else from our
 * own origin only (uPlot and the chart code are served under /admin/assets), no inline
 * script or style, forms post only to us, never framed.
 */
export const ADMIN_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const head = (title: string, scripts: boolean) => html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="stylesheet" href="/admin/assets/admin.css">
${
  scripts
    ? html`<link rel="stylesheet" href="/admin/assets/uPlot.min.css">
<script src="/admin/assets/uPlot.iife.min.js" defer></script>
<script src="/admin/assets/admin-charts.js" defer></script>`
    : ''
}
</head>`;

export function renderSignInPage(site: SiteConfig, error?: string) {
  return html`${head(`Sign in · ${site.title} feeds`, false)}
<body>
<main class="narrow">
<h1>${site.title}: audience</h1>
<p>Sign in with an API key that has the <code>keys:admin</code> scope. The key is sent once; the browser keeps only a session cookie.</p>
${error ? html`<p class="error" role="alert" id="sign-in-error">${error}</p>` : ''}
<form method="post" action="/admin/sign-in">
<label for="key">Admin API key</label>
<input id="key" name="key" type="password" autocomplete="off" required spellcheck="false"${error ? raw(' aria-describedby="sign-in-error"') : ''}>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>`;
}

const number = (n: number) => n.toLocaleString('en-US');

/** JSON inside a `<script type="application/json">`: `<` escaped so no `</script>` can end it. */
function jsonData(value: unknown) {
  return raw(JSON.stringify(value).replace(/</g, '\\u003c'));
}

export function renderDashboardPage(site: SiteConfig, d: Dashboard, websub: WebSubSection) {
  return html`${head(`Audience · ${site.title} feeds`, true)}
<body>
<header class="bar">
<h1>${site.title}: audience</h1>
<form method="post" action="/admin/sign-out"><button type="submit">Sign out</button></form>
</header>
<main>
<form method="get" action="/admin" class="range" aria-label="Date range">
<label for="from">From</label> <input id="from" name="from" type="date" value="${d.from}">
<label for="to">to</label> <input id="to" name="to" type="date" value="${d.to}">
<button type="submit">Show</button>
</form>
<p>UTC days ${d.from} to ${d.to}. ${d.latestDay ? `Latest figures: ${d.latestDay}.` : 'No feed requests in this range yet.'}
Subscribers are each aggregator’s latest reported count plus distinct reader apps and newsletter tools.</p>

<section aria-labelledby="subscribers-title">
<h2 id="subscribers-title">Subscribers over time</h2>
<div class="chart" id="chart-subscribers" role="img" aria-label="Line chart of subscribers per day for the top feeds; the same figures are in the table below."></div>
<details><summary>Subscribers per day, as a table</summary>
<table><caption>Subscribers per day and feed</caption>
<thead><tr><th scope="col">Day</th>${d.subscribers.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
<tbody>${d.days.map((day, i) => html`<tr><th scope="row">${day}</th>${d.subscribers.map((s) => html`<td>${number(s.values[i] ?? 0)}</td>`)}</tr>`)}</tbody>
</table></details>
</section>

<section aria-labelledby="families-title">
<h2 id="families-title">Readers by client family</h2>
<div class="chart" id="chart-families" role="img" aria-label="Bar chart of requests per client family over the range; the table below has requests and subscribers."></div>
<table><caption>Client families: requests over the range, subscribers on the latest day</caption>
<thead><tr><th scope="col">Family</th><th scope="col">Requests</th><th scope="col">Subscribers</th></tr></thead>
<tbody>${d.families.map((f) => html`<tr><th scope="row">${f.label}</th><td>${number(f.requests)}</td><td>${f.subscribers === null ? '–' : number(f.subscribers)}</td></tr>`)}</tbody>
</table>
</section>

<section aria-labelledby="top-title">
<h2 id="top-title">Top feeds</h2>
<div class="chart" id="chart-top" role="img" aria-label="Bar chart of subscribers per feed on the latest day; the table below has the figures."></div>
<table><caption>Feeds by subscribers on the latest day</caption>
<thead><tr><th scope="col">Feed</th><th scope="col">Subscribers</th><th scope="col">Requests</th></tr></thead>
<tbody>${d.topFeeds.map((f) => html`<tr><th scope="row">${f.label}</th><td>${number(f.subscribers)}</td><td>${number(f.requests)}</td></tr>`)}</tbody>
</table>
</section>

<section aria-labelledby="partners-title">
<h2 id="partners-title">Partner usage</h2>
<div class="chart" id="chart-partners" role="img" aria-label="Bar chart of feed requests per partner over the range; the table below has the figures."></div>
<table><caption>Partner requests over the range</caption>
<thead><tr><th scope="col">Partner</th><th scope="col">Requests</th></tr></thead>
<tbody>${d.partners.length ? d.partners.map((p) => html`<tr><th scope="row">${p.name}</th><td>${number(p.requests)}</td></tr>`) : html`<tr><td colspan="2">No partner requests in this range.</td></tr>`}</tbody>
</table>
</section>

<section aria-labelledby="websub-title">
<h2 id="websub-title">WebSub subscriptions</h2>
${
  websub.available
    ? html`<table><caption>Active WebSub subscriptions per feed</caption>
<thead><tr><th scope="col">Feed</th><th scope="col">Subscriptions</th></tr></thead>
<tbody>${websub.feeds.length ? websub.feeds.map((f) => html`<tr><th scope="row">${f.label}</th><td>${number(f.subscriptions)}</td></tr>`) : html`<tr><td colspan="2">No active subscriptions.</td></tr>`}</tbody></table>`
    : html`<p id="websub-unavailable">${websub.note}</p>`
}
</section>
</main>
<script type="application/json" id="admin-data">${jsonData(d)}</script>
</body>
</html>`;
}

/** The WebSub section: the hub's subscriptions per feed, or why there are none to show. */
export type WebSubSection =
  | { available: true; feeds: { label: string; subscriptions: number }[] }
  | { available: false; note: string };
