import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AudienceStore } from '../../lib/audience/audience-store';
import { LogFormatError, parseCloudFrontLog } from '../../lib/audience/cloudfront-log';
import { logBatchId, processLog } from '../../lib/audience/log-processor';
import { anAudienceTable, SAMPLE_LOG_FIGURES, sampleLogLines } from './support';

const OBJECT = {
  bucket: 'wirefeed-logs',
  key: 'cloudfront/E2EXAMPLE.2026-11-26-08.a1b2c3d4.gz',
  etag: '9b2cf535f27731c974343645a3985328',
};

describe('processLog: a CloudFront standard log file into the daily figures', () => {
  let table: Awaited<ReturnType<typeof anAudienceTable>>;
  beforeEach(async () => {
    table = await anAudienceTable();
  });
  afterEach(async () => table.close());

  const run = (store: AudienceStore = table.store) =>
    processLog({ object: OBJECT, lines: sampleLogLines(), store, readers: table.readers });

  it('adds up the sample log exactly, and processing it again counts nothing twice', async () => {
    const first = await run();
    expect(first).toEqual({ hits: 21, counted: 17, skipped: 0, written: 3, alreadyWritten: 0 });
    const report = await table.stats.report({ from: '2026-11-26', to: '2026-11-27' });
    expect(report).toEqual(SAMPLE_LOG_FIGURES);

    const second = await run();
    expect(second).toEqual({ hits: 21, counted: 17, skipped: 0, written: 0, alreadyWritten: 3 });
    expect(await table.stats.report({ from: '2026-11-26', to: '2026-11-27' })).toEqual(SAMPLE_LOG_FIGURES);
  });

  it('a run that crashed after writing part of the file is finished by the retry, without double counting', async () => {
    let writes = 0;
    const crashing: AudienceStore = {
      readDayItems: (day, feed) => table.store.readDayItems(day, feed),
      putDelta: async (delta, batch) => {
        if (++writes === 2) throw new Error('Lambda timed out');
        return table.store.putDelta(delta, batch);
      },
    };
    await expect(run(crashing)).rejects.toThrow('Lambda timed out');
    const retry = await run();
    expect(retry.written + retry.alreadyWritten).toBe(3);
    expect(retry.alreadyWritten).toBeGreaterThan(0);
    expect(await table.stats.report({ from: '2026-11-26', to: '2026-11-27' })).toEqual(SAMPLE_LOG_FIGURES);
  });

  it('a replaced object (new ETag) is a new batch', () => {
    expect(logBatchId(OBJECT)).toBe(logBatchId({ ...OBJECT }));
    expect(logBatchId({ ...OBJECT, etag: 'other' })).not.toBe(logBatchId(OBJECT));
  });

  it('filters one feed and refuses ranges that make no sense', async () => {
    await run();
    const politics = await table.stats.report({
      from: '2026-11-26',
      to: '2026-11-26',
      feed: 'category#politics/atom',
    });
    expect(politics.days[0]!.feeds.map((f) => f.feed)).toEqual(['category#politics/atom']);
    await expect(table.stats.report({ from: '2026-11-27', to: '2026-11-26' })).rejects.toThrow(/ends before/);
    await expect(table.stats.report({ from: '2026-01-01', to: '2026-11-26' })).rejects.toThrow(/at most 92/);
  });

  it('stores no address and no full User-Agent of any reader', async () => {
    await run();
    const { Items = [] } = await table.client.send(
      new (await import('@aws-sdk/lib-dynamodb')).ScanCommand({ TableName: table.tableName }),
    );
    const stored = JSON.stringify(Items);
    for (const secret of [
      '203.0.113.5',
      '198.51.100',
      'NetNewsWire (RSS Reader',
      'newsboat/2.38',
      'wft_a1b2c3d4e5f6_x',
    ]) {
      expect(stored).not.toContain(secret);
    }
  });
});

describe('parseCloudFrontLog', () => {
  it('needs the #Fields header and the fields it counts with', async () => {
    const read = async (lines: string[]) => {
      for await (const _ of parseCloudFrontLog(lines));
    };
    await expect(read(['2026-11-26\t07:00:00'])).rejects.toThrow(LogFormatError);
    await expect(read(['#Fields: date time sc-bytes'])).rejects.toThrow(
      /lack c-ip, cs-method, cs-uri-stem, sc-status/,
    );
  });

  it('skips lines it cannot read and decodes the User-Agent', async () => {
    const stats = { skipped: 0 };
    const hits = [];
    for await (const hit of parseCloudFrontLog(
      [
        '#Version: 1.0',
        '#Fields: date time c-ip cs-method cs-uri-stem sc-status cs(User-Agent)',
        'garbage',
        '2026-11-26\t07:00:00\t192.0.2.1\tGET\t/rss.xml\t200\tFeedly/1.0%2520(+http://www.feedly.com/fetcher.html;%252012%2520subscribers;%2520)',
      ],
      stats,
    ))
      hits.push(hit);
    expect(stats.skipped).toBe(1);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.userAgent).toBe('Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers; )');
  });
});
