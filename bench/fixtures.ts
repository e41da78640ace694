import type { ArticleInput } from '../lib/articles/article';
import { type Config, loadConfig } from '../lib/config';
import { sampleArticles } from '../lib/local/sample-articles';

/**
 * Bench articles: full-content news stories with 3–6 KB bodies, lead images, several
 * categories, tags and authors, some wire copy. Deterministic (a seeded generator), so
 * every run and every process serves the same bytes.
 */

const SITE = 'https://baobabpost.example';

const AUTHORS = [
  { name: 'Aminata Diallo', slug: 'aminata-diallo', url: `${SITE}/authors/aminata-diallo` },
  { name: 'Kwame Mensah', slug: 'kwame-mensah', url: `${SITE}/authors/kwame-mensah` },
  { name: 'Chidi Okafor', slug: 'chidi-okafor', url: `${SITE}/authors/chidi-okafor` },
  { name: 'Jean-Pierre Mbarga', slug: 'jean-pierre-mbarga' },
  { name: 'Fatou Sarr', slug: 'fatou-sarr', url: `${SITE}/authors/fatou-sarr` },
  { name: 'Ngozi Eze', slug: 'ngozi-eze' },
];

const CATEGORIES = ['Politics', 'Économie', 'Health', 'Culture', 'Sport'];

const TAGS = [
  'Elections',
  'Dakar',
  'Lagos',
  'Abidjan',
  'Accra',
  'Yaoundé',
  'Cocoa',
  'Ports',
  'Vaccines',
  'Energy',
  'ECOWAS',
  'Football',
  'Music',
  'Fintech',
  'Agriculture',
  'Santé publique',
];

/**
 * Words of the sample articles (lib/local/sample-articles.ts), per language, each as
 * often as it occurs there. Sentences drawn from them word by word read as nonsense but
 * have the vocabulary, word lengths and letter statistics of real copy, so the feeds
 * compress like real ones (a small pool of whole sentences would compress 15× instead of ~4×).
 */
const VOCABULARY = (() => {
  const words = { en: [] as string[], fr: [] as string[] };
  for (const article of sampleArticles(new Date('2026-11-26T08:00:00.000Z'))) {
    const text = `${article.title} ${article.summary ?? ''} ${article.contentHtml ?? ''}`
      .replace(/<[^>]*>/g, ' ')
      .replace(/[.,;:!?()«»“”"]/g, ' ');
    const list = article.language === 'fr' ? words.fr : words.en;
    for (const word of text.split(/\s+/)) if (word) list.push(word);
  }
  return words;
})();

const QUOTES = {
  en: ['“', '”'],
  fr: ['« ', ' »'],
} as const;

/** Mulberry32: small, fast, deterministic. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const some = <T>(list: readonly T[], min: number, max: number): T[] => {
    const wanted = int(min, max);
    const chosen = new Set<T>();
    while (chosen.size < wanted) chosen.add(pick(list));
    return [...chosen];
  };
  return { next, pick, int, some };
}

type Language = 'en' | 'fr';

function words(r: ReturnType<typeof random>, language: Language, min: number, max: number): string {
  const count = r.int(min, max);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(r.pick(VOCABULARY[language]));
  const text = out.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const sentence = (r: ReturnType<typeof random>, language: Language) => `${words(r, language, 10, 26)}.`;

/** An HTML body of 3,000–6,000 characters: paragraphs, subheadings, links, a quote, sometimes a figure. */
function body(r: ReturnType<typeof random>, language: Language, slug: string): string {
  const target = r.int(3_000, 6_000);
  const [open, close] = QUOTES[language];
  const parts: string[] = [];
  let length = 0;
  const push = (html: string) => {
    parts.push(html);
    length += html.length + 1;
  };
  push(`<p>${sentence(r, language)} ${sentence(r, language)}</p>`);
  if (r.next() < 0.4) {
    push(
      `<figure><img src="/media/${slug}-inline.jpg" alt="${words(r, language, 4, 8)}"><figcaption>${sentence(r, language)}</figcaption></figure>`,
    );
  }
  while (length < target) {
    const roll = r.next();
    if (roll < 0.12) push(`<h2>${words(r, language, 3, 7)}</h2>`);
    else if (roll < 0.3) push(`<p>${open}${sentence(r, language)}${close} ${sentence(r, language)}</p>`);
    else if (roll < 0.45)
      push(
        `<p>${sentence(r, language)} <a href="/news/story-${r.int(1, 9_999)}">${words(r, language, 3, 6)}</a>. ${sentence(r, language)}</p>`,
      );
    else push(`<p>${sentence(r, language)} ${sentence(r, language)} <em>${sentence(r, language)}</em></p>`);
  }
  return parts.join('\n');
}

const HOUR = 3_600_000;

/** `count` published articles, newest first, one every 37 minutes before `now`. */
export function benchArticles(count: number, now: Date, seed = 1): ArticleInput[] {
  const articles: ArticleInput[] = [];
  for (let i = 0; i < count; i++) {
    const r = random(seed * 1_000_003 + i);
    const language: Language = r.next() < 0.7 ? 'en' : 'fr';
    const id = `bench-${String(i).padStart(6, '0')}`;
    const slug = `story-${id}`;
    const wire = r.next() < 0.15;
    const published = new Date(now.getTime() - (i + 1) * 0.62 * HOUR);
    articles.push({
      id,
      slug,
      title: words(r, language, 6, 14),
      summary: `${sentence(r, language)} ${sentence(r, language)}`,
      contentHtml: body(r, language, slug),
      authors: r.some(AUTHORS, 1, 2),
      publishedAt: published.toISOString(),
      updatedAt: r.next() < 0.2 ? new Date(published.getTime() + HOUR).toISOString() : undefined,
      status: 'published',
      categories: r.some(CATEGORIES, 1, 2),
      tags: r.some(TAGS, 2, 4),
      language,
      url: `${SITE}/news/${slug}`,
      image: {
        url: `${SITE}/media/${slug}.jpg`,
        type: 'image/jpeg',
        width: 1600,
        height: 900,
        length: r.int(120_000, 380_000),
        alt: words(r, language, 4, 9),
        caption: sentence(r, language),
        credit: r.pick(AUTHORS).name,
      },
      source: wire ? { name: 'AllAfrica', url: 'https://allafrica.com/' } : undefined,
      related:
        r.next() < 0.5
          ? [{ title: words(r, language, 5, 10), url: `${SITE}/news/story-${r.int(1, 999)}` }]
          : [],
    });
  }
  return articles;
}

/** The configuration every bench process uses: the Baobab Post sample site, with an icon and logo. */
export function benchConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    PUBLIC_BASE_URL: 'https://feeds.baobabpost.example',
    SITE_URL: `${SITE}/`,
    SITE_LOGO_URL: `${SITE}/logo.png`,
    SITE_ICON_URL: `${SITE}/icon.png`,
    TABLE_NAME: 'wirefeed-bench',
    ...env,
  });
}
