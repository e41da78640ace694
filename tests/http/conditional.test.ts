import { describe, expect, it, vi } from 'vitest';
import { httpLastModified, notModified } from '../../lib/http/conditional';

const ETAG = '"abc123"';
/** The representation as it is now: changed at 08:00:00.250, within a second. */
const current = () => ({ etag: ETAG, lastModified: new Date('2026-11-26T08:00:00.250Z') });
const LAST_MODIFIED = 'Thu, 26 Nov 2026 08:00:00 GMT';

describe('notModified (RFC 9110 §13.1.2, §13.1.3, §13.2.2)', () => {
  it('answers in full a request with no preconditions', () => {
    expect(notModified({}, current())).toBe(false);
  });

  describe('If-None-Match', () => {
    it.each([
      ['the current tag', ETAG],
      ['any representation', '*'],
      ['a list holding the current tag', '"old", "abc123" ,"older"'],
      ['the tag weakened by a CDN (weak comparison)', 'W/"abc123"'],
      ['a list without spaces', '"old","abc123"'],
    ])('matches %s', (_, ifNoneMatch) => {
      expect(notModified({ ifNoneMatch }, current())).toBe(true);
    });

    it.each([
      ['another tag', '"abc124"'],
      ['the tag without its quotes', 'abc123'],
      ['a lowercase weak prefix (W/ is case-sensitive)', 'w/"abc123"'],
      ['an empty value', ''],
      ['a list of other tags', '"a", "b"'],
      ['a prefix of the tag', '"abc12"'],
    ])('does not match %s', (_, ifNoneMatch) => {
      expect(notModified({ ifNoneMatch }, current())).toBe(false);
    });

    it('matches a weak current tag against the strong one sent', () => {
      expect(notModified({ ifNoneMatch: ETAG }, { ...current(), etag: 'W/"abc123"' })).toBe(true);
    });

    it('takes precedence over If-Modified-Since, in both directions (§13.1.3: ignore it then)', () => {
      const stale = { ifNoneMatch: '"old"', ifModifiedSince: LAST_MODIFIED };
      const fresh = { ifNoneMatch: ETAG, ifModifiedSince: 'Thu, 01 Jan 1970 00:00:00 GMT' };
      expect(notModified(stale, current())).toBe(false);
      expect(notModified(fresh, current())).toBe(true);
    });
  });

  describe('If-Modified-Since', () => {
    it('is not modified at the second of the last change, sub-second part ignored (HTTP dates have whole seconds)', () => {
      expect(notModified({ ifModifiedSince: LAST_MODIFIED }, current())).toBe(true);
    });

    it('is not modified for any later date', () => {
      expect(notModified({ ifModifiedSince: 'Fri, 27 Nov 2026 08:00:00 GMT' }, current())).toBe(true);
    });

    it('is modified for an earlier date, even by a second', () => {
      expect(notModified({ ifModifiedSince: 'Thu, 26 Nov 2026 07:59:59 GMT' }, current())).toBe(false);
    });

    it.each(['Thursday, 26-Nov-26 08:00:00 GMT'])(
      'reads the obsolete RFC 850 date "%s" too (§5.6.7)',
      (ifModifiedSince) => {
        expect(notModified({ ifModifiedSince }, current())).toBe(true);
      },
    );

    it.each(['Thu Nov 26 08:00:00 2026'])(
      'reads the asctime date "%s" as UTC, in any server time zone',
      (ifModifiedSince) => {
        // A server east of UTC: asctime has no zone, and must still be read as UTC.
        vi.stubEnv('TZ', 'Asia/Tokyo');
        try {
          expect(notModified({ ifModifiedSince }, current())).toBe(true);
          // A second earlier in UTC is modified; read as local time east of UTC it would not be.
          expect(notModified({ ifModifiedSince: 'Thu Nov 26 07:59:59 2026' }, current())).toBe(false);
        } finally {
          vi.unstubAllEnvs();
        }
      },
    );

    it.each([
      'yesterday',
      '',
      'Thu, 32 Nov 2026 08:00:00 GMT',
      `${LAST_MODIFIED}, ${LAST_MODIFIED}`,
      // Not HTTP-dates (§5.6.7), though Date.parse reads them: ignored, never a 304.
      '2026-11-27T00:00:00Z',
      '2026-11-27',
      'Fri, 27 Nov 2026 08:00:00 +0100',
      'Mon, 30 Feb 2026 08:00:00 GMT',
      'Fri, 27 Nov 2026 24:00:00 GMT',
    ])('ignores a date it cannot read ("%s") and answers in full', (ifModifiedSince) => {
      expect(notModified({ ifModifiedSince }, current())).toBe(false);
    });
  });
});

describe('httpLastModified', () => {
  const changed = new Date('2026-11-26T08:00:00.250Z');

  it('sends the second before the change while that second, plus a second’s margin, is not over', () => {
    for (const now of ['2026-11-26T08:00:00.250Z', '2026-11-26T08:00:01.999Z']) {
      expect(httpLastModified(changed, new Date(now)).toISOString(), now).toBe('2026-11-26T07:59:59.000Z');
    }
  });

  it('sends the change’s own second after that, and keeps it', () => {
    for (const now of ['2026-11-26T08:00:02.000Z', '2026-11-27T00:00:00.000Z']) {
      expect(httpLastModified(changed, new Date(now)).toISOString(), now).toBe('2026-11-26T08:00:00.000Z');
    }
  });

  it('never lets an If-Modified-Since-only client miss a second change within the same second', () => {
    // Prepare: fetched during the second of a change; its Last-Modified echoed back.
    const first = new Date('2026-11-26T08:00:00.100Z');
    const sent = httpLastModified(first, new Date('2026-11-26T08:00:00.300Z')).toUTCString();
    // Act: a second change in the same second, then the client revalidates.
    const second = { etag: '"v2"', lastModified: new Date('2026-11-26T08:00:00.900Z') };
    // Assess
    expect(notModified({ ifModifiedSince: sent }, second)).toBe(false);
  });
});
