import { find, type XmlNode } from './xml';

/**
 * The checks the W3C Feed Validation Service makes that matter for our RSS, written
 * down because that service is not reachable offline: RSS 2.0 spec (rssboard.org) and
 * the validator's documented errors (MissingElement, InvalidRFC2822Date, InvalidURL…).
 */
const RFC_822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;
const ABSOLUTE_URL = /^https?:\/\/[^\s<>"]+$/;

export function rssProblems(rss: XmlNode): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => ok || problems.push(problem);
  check(rss.name === 'rss' && rss.attributes.version === '2.0', 'root must be <rss version="2.0">');
  const channels = find(rss, 'channel');
  check(channels.length === 1, 'exactly one <channel>');
  const channel = channels[0];
  if (!channel) return problems;
  for (const required of ['title', 'link', 'description']) {
    check(find(channel, required).length === 1, `channel needs exactly one <${required}>`);
  }
  const text = (node: XmlNode, path: string) => find(node, path)[0]?.text.trim();
  check(ABSOLUTE_URL.test(text(channel, 'link') ?? ''), 'channel <link> must be an absolute URL');
  for (const date of ['pubDate', 'lastBuildDate']) {
    const value = text(channel, date);
    if (value !== undefined) check(RFC_822.test(value), `channel <${date}> must be RFC 822: ${value}`);
  }
  const self = find(channel, 'atom:link').filter((l) => l.attributes.rel === 'self');
  check(
    self.length === 1 && ABSOLUTE_URL.test(self[0]?.attributes.href ?? ''),
    'one atom:link rel="self" with an absolute href',
  );
  const image = find(channel, 'image')[0];
  if (image)
    for (const r of ['url', 'title', 'link']) check(find(image, r).length === 1, `<image> needs <${r}>`);
  const guids = new Set<string>();
  for (const [i, item] of find(channel, 'item').entries()) {
    const at = `item ${i + 1}`;
    check(
      find(item, 'title').length + find(item, 'description').length > 0,
      `${at}: needs <title> or <description>`,
    );
    check(ABSOLUTE_URL.test(text(item, 'link') ?? ''), `${at}: <link> must be an absolute URL`);
    check(RFC_822.test(text(item, 'pubDate') ?? ''), `${at}: <pubDate> must be RFC 822`);
    const guid = find(item, 'guid')[0];
    check(guid !== undefined && !guids.has(guid.text), `${at}: needs a unique <guid>`);
    if (guid) {
      guids.add(guid.text);
      if (guid.attributes.isPermaLink !== 'false')
        check(ABSOLUTE_URL.test(guid.text), `${at}: permalink guid must be a URL`);
    }
    // RSS 2.0: <author> is an e-mail address; a bare name is invalid (we use dc:creator).
    for (const author of find(item, 'author'))
      check(/@/.test(author.text), `${at}: <author> must be an e-mail address`);
    for (const enclosure of find(item, 'enclosure')) {
      const { url, length, type } = enclosure.attributes;
      check(
        ABSOLUTE_URL.test(url ?? '') && /^\d+$/.test(length ?? '') && /^[\w.+-]+\/[\w.+-]+$/.test(type ?? ''),
        `${at}: <enclosure> needs url, length and type`,
      );
    }
    for (const source of find(item, 'source'))
      check(ABSOLUTE_URL.test(source.attributes.url ?? ''), `${at}: <source> needs a url`);
    for (const media of find(item, 'media:content'))
      check(ABSOLUTE_URL.test(media.attributes.url ?? ''), `${at}: media:content needs a url`);
  }
  return problems;
}
