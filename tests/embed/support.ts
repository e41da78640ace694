import { DomUtils, parseDocument } from 'htmlparser2';
import type { ArticleInput } from '../../lib/articles/article';
import { composeApps } from '../../lib/http/compose';
import { createEmbedApp } from '../../lib/http/embed-app';
import { anApp } from '../support/app';
import { NOW } from '../support/fixtures';

/** `anApp` with the embed app mounted beside the feeds, as the servers will compose them. */
export async function anEmbedApp(articles: ArticleInput[] = []) {
  const t = await anApp(articles);
  let now = NOW;
  const embedApp = createEmbedApp({
    feeds: t.feeds,
    site: t.config.site,
    cache: t.config.cache,
    now: () => now,
  });
  const app = composeApps([t.feedsApp, embedApp]);
  return {
    ...t,
    app,
    get: (path: string, init?: RequestInit) => app.request(`http://localhost${path}`, init),
    setNow: (at: Date) => {
      now = at;
      t.setNow(at);
    },
  };
}

export interface Headline {
  lang: string | undefined;
  title: string;
  href: string | undefined;
  target: string | undefined;
  rel: string | undefined;
  date: string;
  datetime: string | undefined;
  img?: Record<string, string>;
}

/** The iframe page's headlines as a browser's parser sees them (htmlparser2, entities decoded). */
export function headlinesIn(html: string): Headline[] {
  const doc = parseDocument(html, { decodeEntities: true });
  return DomUtils.getElementsByTagName('li', doc).map((li) => {
    const link = DomUtils.getElementsByTagName('a', li)[0];
    const time = DomUtils.getElementsByTagName('time', li)[0];
    const img = DomUtils.getElementsByTagName('img', li)[0];
    return {
      lang: li.attribs.lang,
      title: link ? DomUtils.textContent(link) : '',
      href: link?.attribs.href,
      target: link?.attribs.target,
      rel: link?.attribs.rel,
      date: time ? DomUtils.textContent(time) : '',
      datetime: time?.attribs.datetime,
      img: img ? { ...img.attribs } : undefined,
    };
  });
}

export function elementsIn(html: string, tag: string) {
  return DomUtils.getElementsByTagName(tag, parseDocument(html, { decodeEntities: true }));
}
