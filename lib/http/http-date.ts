/**
 * An HTTP-date (RFC 9110 §5.6.7) as milliseconds since the epoch, or undefined for
 * anything else. Recipients must accept the three forms below, all in UTC; other date
 * strings (ISO 8601, a local time, a day that does not exist) are not HTTP-dates, and a
 * conditional header holding one is ignored (§13.1.3), never read in the server's zone.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = MONTHS.join('|');
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

/** `Sun, 06 Nov 1994 08:49:37 GMT`: the preferred form, what we send. */
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) (${MONTH}) (\\d{4}) ${TIME} GMT$`);
/** `Sunday, 06-Nov-94 08:49:37 GMT`: obsolete RFC 850 form. */
const RFC_850 = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-(${MONTH})-(\\d{2}) ${TIME} GMT$`,
);
/** `Sun Nov  6 08:49:37 1994`: ANSI C's asctime() form, in UTC. */
const ASCTIME = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${MONTH}) ([ \\d]\\d) ${TIME} (\\d{4})$`);

export function parseHttpDate(value: string): number | undefined {
  let parts: [day: string, month: string, year: number, h: string, m: string, s: string] | undefined;
  const fixdate = IMF_FIXDATE.exec(value);
  const rfc850 = RFC_850.exec(value);
  const asctime = ASCTIME.exec(value);
  if (fixdate) parts = [fixdate[1]!, fixdate[2]!, Number(fixdate[3]), fixdate[4]!, fixdate[5]!, fixdate[6]!];
  else if (rfc850) {
    // §5.6.7 reads a two-digit year as the most recent one not over 50 years ahead; for
    // requests made before 2070, that is 19yy from 70 up and 20yy below.
    const yy = Number(rfc850[3]);
    parts = [rfc850[1]!, rfc850[2]!, yy >= 70 ? 1900 + yy : 2000 + yy, rfc850[4]!, rfc850[5]!, rfc850[6]!];
  } else if (asctime) {
    parts = [asctime[2]!.trim(), asctime[1]!, Number(asctime[6]), asctime[3]!, asctime[4]!, asctime[5]!];
  }
  if (!parts) return undefined;
  const [day, month, year, h, m, s] = parts;
  const fields = [year, MONTHS.indexOf(month), Number(day), Number(h), Number(m), Number(s)] as const;
  const at = new Date(Date.UTC(...fields));
  // Date.UTC rolls 30 February over into March and 24:00 into the next day: not a date.
  const same =
    at.getUTCFullYear() === fields[0] &&
    at.getUTCMonth() === fields[1] &&
    at.getUTCDate() === fields[2] &&
    at.getUTCHours() === fields[3] &&
    at.getUTCMinutes() === fields[4] &&
    at.getUTCSeconds() === fields[5];
  return same ? at.getTime() : undefined;
}
