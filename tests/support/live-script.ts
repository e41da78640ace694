import { Parser } from 'htmlparser2';

/**
 * What a feed reader would execute if it rendered this HTML: a dangerous element, an
 * event-handler attribute, or a URL whose scheme is not http(s)/mailto. Parsed with a
 * real HTML parser (htmlparser2), not matched with regular expressions.
 */
const DANGEROUS_TAGS = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'form',
  'input',
  'base',
  'meta',
  'link',
]);
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'cite',
  'srcset',
  'xlink:href',
  'data',
]);

export function liveScriptIn(html: string): string[] {
  const findings: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (DANGEROUS_TAGS.has(name)) findings.push(`<${name}>`);
        for (const [attribute, value] of Object.entries(attributes)) {
          if (attribute.startsWith('on')) findings.push(`${name}[${attribute}]`);
          if (URL_ATTRIBUTES.has(attribute) && !/^(https?:|mailto:)/i.test(value.trim())) {
            findings.push(`${name}[${attribute}=${value.slice(0, 40)}]`);
          }
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return findings;
}

/** Plain-text fields must not contain anything an HTML-rendering reader would treat as a tag. */
export function tagsIn(text: string): string[] {
  const tags: string[] = [];
  const parser = new Parser({ onopentag: (name) => tags.push(name) }, { decodeEntities: true });
  parser.write(text);
  parser.end();
  return tags;
}
