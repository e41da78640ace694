/** Dates as an article's readers write them, for the HTML views of feeds. */
const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * The date as the article's readers write it ("26 novembre 2026" for French). The page
 * is cached and shared, so it cannot know the reader's time zone: dates are in UTC.
 */
export function formatDate(date: Date, language: string, fallbackLanguage = 'en'): string {
  const key = `${language}|${fallbackLanguage}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
    } catch {
      // A malformed language tag (RangeError): the site's language still reads naturally.
      format = new Intl.DateTimeFormat(fallbackLanguage, { dateStyle: 'long', timeZone: 'UTC' });
    }
    formats.set(key, format);
  }
  return format.format(date);
}
