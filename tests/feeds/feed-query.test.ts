import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/errors';
import {
  DEFAULT_LIMIT,
  type FeedQuery,
  feedQueryString,
  MAX_LIMIT,
  parseFeedQuery,
  parseLimit,
} from '../../lib/feeds/feed-query';

/** A cursor as a feed's `next` link carries it: an entry's position, base64url-encoded. */
const CURSOR = Buffer.from('2026-11-26T07:00:00.000Z#article-1').toString('base64url');

/** The parameters a feed's own link carries, as a request would present them. */
const paramsOf = (search: string) => Object.fromEntries(new URLSearchParams(search));

/** The error `act` throws, for its message and the parameter it names. */
function rejection(act: () => unknown): ValidationError {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseLimit', () => {
  it.each([
    ['1', 1],
    ['20', 20],
    ['100', 100],
    ['007', 7],
  ])('takes %s as %i', (raw, n) => {
    expect(parseLimit(raw, MAX_LIMIT)).toBe(n);
  });

  it.each(['0', '101', '', '-1', '1.5', '1e2', ' 5', '5 ', '0x10', 'abc', '0005', '99999999999999999999'])(
    'rejects "%s" with a 400 naming limit',
    (raw) => {
      const error = rejection(() => parseLimit(raw, MAX_LIMIT));
      expect(error.status).toBe(400);
      expect(error.issues).toEqual([{ parameter: 'limit', detail: expect.stringContaining('1 to 100') }]);
    },
  );

  it('keeps the echoed value short', () => {
    const error = rejection(() => parseLimit('x'.repeat(10_000), MAX_LIMIT));
    expect(JSON.stringify(error.issues).length).toBeLessThan(200);
  });

  it('applies the maximum it is given', () => {
    expect(parseLimit('50', 50)).toBe(50);
    expect(rejection(() => parseLimit('51', 50)).message).toBe('limit must be a whole number from 1 to 50.');
  });
});

describe('parseFeedQuery', () => {
  it('gives the default page when nothing is asked', () => {
    expect(parseFeedQuery({})).toEqual({ limit: DEFAULT_LIMIT });
  });

  it('ignores parameters that do not change a feed (utm_…, cache busters)', () => {
    expect(parseFeedQuery({ utm_source: 'x', _: '123', limit: '5' })).toEqual({ limit: 5 });
  });

  it.each([
    ['2026-11-26T08:00:00Z', '2026-11-26T08:00:00.000Z', '2026-11-26T08:00:00Z'],
    ['2026-11-26t09:00:00+01:00', '2026-11-26T08:00:00.000Z', '2026-11-26T09:00:00+01:00'],
    ['2026-11-26T08:00:00.25z', '2026-11-26T08:00:00.250Z', '2026-11-26T08:00:00.25Z'],
  ])('reads since=%s as %s and keeps its spelling (%s) for links', (since, instant, text) => {
    const query = parseFeedQuery({ since });
    expect(query.since?.toISOString()).toBe(instant);
    expect(query.sinceText).toBe(text);
  });

  it.each(['2026-11-26', '2026-11-26 08:00:00Z', '2026-13-01T00:00:00Z', 'yesterday', '1764144000'])(
    'rejects since=%s with a 400 naming since',
    (since) => {
      expect(rejection(() => parseFeedQuery({ since })).issues).toEqual([
        {
          parameter: 'since',
          detail: expect.stringContaining('must be like 2026-11-26T08:00:00Z'),
        },
      ]);
    },
  );

  it.each([
    '2026-02-29T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-04-31T12:00:00Z',
    '2026-11-26T24:00:00Z',
    '2100-02-29T00:00:00Z',
  ])(
    'rejects since=%s, a day or hour that does not exist (RFC 3339 §5.7), rather than reading it as a later one',
    (since) => {
      expect(rejection(() => parseFeedQuery({ since })).issues[0]).toMatchObject({ parameter: 'since' });
    },
  );

  it.each([
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['2000-02-29T23:59:59Z', '2000-02-29T23:59:59.000Z'],
    ['2026-02-28T23:00:00-05:00', '2026-03-01T04:00:00.000Z'],
    ['2026-12-31T23:59:59.999Z', '2026-12-31T23:59:59.999Z'],
  ])('accepts since=%s, a real day, as %s', (since, instant) => {
    expect(parseFeedQuery({ since }).since?.toISOString()).toBe(instant);
  });

  it('rejects before and after together, naming after', () => {
    const error = rejection(() => parseFeedQuery({ before: 'x', after: 'y' }));
    expect(error.issues).toEqual([{ parameter: 'after', detail: 'cannot be combined with before' }]);
  });

  it.each(['before', 'after'])('reads a %s cursor from the feed’s own link back to the same page', (name) => {
    // Prepare: a query holding a cursor, as the feed's links spell it.
    const query = parseFeedQuery({ limit: '5', [name]: CURSOR });
    // Act
    const again = parseFeedQuery(paramsOf(feedQueryString(query)));
    // Assess
    expect(again).toEqual(query);
    expect(again[name as 'before' | 'after']).toBeDefined();
  });

  // Whether a well-formed cursor names an entry is the store's business (lib/store); what
  // no link of ours could carry is refused here.
  it.each([
    ['not base64url', '!!!'],
    ['a huge value', 'A'.repeat(10_000)],
  ])('rejects a cursor that is %s, naming the parameter', (_, cursor) => {
    for (const parameter of ['before', 'after']) {
      const error = rejection(() => parseFeedQuery({ [parameter]: cursor }));
      expect(error.status).toBe(400);
      expect(error.issues).toEqual([{ parameter, detail: 'must be the value of a next or previous link' }]);
    }
  });

  it('keeps at most 200 characters of a token', () => {
    expect(parseFeedQuery({ token: 't'.repeat(500) }).token).toHaveLength(200);
  });
});

describe('feedQueryString', () => {
  it('is empty for the default page, so it has one URL', () => {
    expect(feedQueryString({})).toBe('');
    expect(feedQueryString({ limit: DEFAULT_LIMIT })).toBe('');
  });

  it('writes the parameters in one order, whatever order they were asked in', () => {
    const { after } = parseFeedQuery({ after: CURSOR });
    const search = feedQueryString({
      token: 'k',
      after,
      limit: 5,
      sinceText: '2026-11-26T08:00:00Z',
      since: new Date('2026-11-26T08:00:00Z'),
    });
    expect([...new URLSearchParams(search).keys()]).toEqual(['limit', 'since', 'after', 'token']);
  });

  it('echoes since as spelled, escaping only +', () => {
    const query = parseFeedQuery({ since: '2026-11-26T09:00:00+01:00' });
    expect(feedQueryString(query)).toBe('?since=2026-11-26T09:00:00%2B01:00');
  });

  it('spells a since without its text as an ISO instant', () => {
    expect(feedQueryString({ since: new Date('2026-11-26T08:00:00Z') })).toBe(
      '?since=2026-11-26T08:00:00.000Z',
    );
  });

  it('escapes the token', () => {
    expect(feedQueryString({ token: 'a&b=c d' })).toBe('?token=a%26b%3Dc%20d');
  });

  it('reads back to the same query: each page’s links name that page', () => {
    // Prepare
    const queries: FeedQuery[] = [
      { limit: 7 },
      parseFeedQuery({ before: CURSOR, token: 'partner key/1' }),
      parseFeedQuery({ limit: '3', after: CURSOR, since: '2026-11-26T09:00:00+01:00' }),
    ];
    for (const query of queries) {
      // Act
      const again = parseFeedQuery(paramsOf(feedQueryString(query)));
      // Assess
      expect(again).toEqual(query);
    }
  });
});
