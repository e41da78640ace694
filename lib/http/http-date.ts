/**
 * An HTTP-date (RFC 9110 §5.6.7) as milliseconds since the epoch, or undefined for
 * anything else. Recipients must accept the three forms below, all in UTC; other date
 * strings (ISO 8601, a local time, a day that does not exist) are not HTTP-dates, and a
 * conditional header holding one is ignored (§13.1.3), never read in the server's zone.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const M = `(?<month>${MONTHS.join('|')})`;
const TIME = '(?<h>\\d{2}):(?<m>\\d{2}):(?<s>\\d{2})';

const FORMS = [
  // `Sun, 06 Nov 1994 08:49:37 GMT`: the preferred form, what we send.
  new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (?<day>\\d{2}) ${M} (?<year>\\d{4}) ${TIME} GMT$`),
  // `Sunday, 06-Nov-94 08:49:37 GMT`: the obsolete RFC 850 form.
  new RegExp(
    `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (?<day>\\d{2})-${M}-(?<year>\\d{2}) ${TIME} GMT$`,
  ),
  // `Sun Nov  6 08:49:37 1994`: ANSI C's asctime() form, in UTC.
  new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${M} (?<day>[ \\d]\\d) ${TIME} (?<year>\\d{4})$`),
];

export function parseHttpDate(value: string): number | undefined {
  const parts = FORMS.map((form) => form.exec(value)?.groups).find((groups) => groups !== undefined);
  if (!parts) return undefined;
  let year = Number(parts.year);
  // §5.6.7 reads a two-digit year as the most recent one not over 50 years ahead; for
  // requests made before 2070, that is 19yy from 70 up and 20yy below.
  if (parts.year!.length === 2) year += year >= 70 ? 1900 : 2000;
  const fields = [
    year,
    MONTHS.indexOf(parts.month!),
    Number(parts.day),
    Number(parts.h),
    Number(parts.m),
    Number(parts.s),
  ];
  const at = new Date(Date.UTC(fields[0]!, fields[1]!, fields[2], fields[3], fields[4], fields[5]));
  // Date.UTC rolls 30 February over into March and 24:00 into the next day: not a date.
  const read = [
    at.getUTCFullYear(),
    at.getUTCMonth(),
    at.getUTCDate(),
    at.getUTCHours(),
    at.getUTCMinutes(),
    at.getUTCSeconds(),
  ];
  return read.every((n, i) => n === fields[i]) ? at.getTime() : undefined;
}
