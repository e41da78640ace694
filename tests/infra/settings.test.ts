import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readSettings, SettingsError } from '../../infra/settings';

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

function settingsFor(context: Record<string, unknown>) {
  return readSettings(new App({ context }).node);
}

describe('readSettings', () => {
  it("defaults to dev at the distribution's own address: no base URL in the environment, no placeholder", () => {
    const settings = settingsFor({});

    expect(settings.stage).toBe('dev');
    // The API stack gives the functions the distribution's address (tests/infra/public-base-url.test.ts).
    expect(settings.publicBaseUrl).toBeUndefined();
    expect(settings.environment).toEqual({});
    expect(settings.customDomain).toBeUndefined();
  });

  it('requires a public base URL for prod', () => {
    expect(() => settingsFor({ stage: 'prod' })).toThrow(SettingsError);
    expect(() => settingsFor({ stage: 'prod' })).toThrow(/publicBaseUrl/);
  });

  it('derives the public base URL from the custom domain', () => {
    const settings = settingsFor({
      stage: 'prod',
      backupCopyRegion: 'none',
      domainName: 'Feeds.Example.org',
      certificateArn: CERTIFICATE,
    });

    expect(settings.publicBaseUrl).toBe('https://feeds.example.org');
    expect(settings.environment).toEqual({ PUBLIC_BASE_URL: 'https://feeds.example.org' });
    expect(settings.customDomain).toEqual({ domainName: 'feeds.example.org', certificateArn: CERTIFICATE });
  });

  it('prefers an explicit public base URL over the custom domain', () => {
    const settings = settingsFor({
      publicBaseUrl: 'https://news.example.org/feeds',
      domainName: 'feeds.example.org',
      certificateArn: CERTIFICATE,
    });

    expect(settings.environment.PUBLIC_BASE_URL).toBe('https://news.example.org/feeds');
  });

  it('wants the domain and its certificate together, the certificate in us-east-1', () => {
    expect(() => settingsFor({ domainName: 'feeds.example.org' })).toThrow(/set both or neither/);
    expect(() => settingsFor({ certificateArn: CERTIFICATE })).toThrow(/set both or neither/);
    expect(() =>
      settingsFor({
        domainName: 'feeds.example.org',
        certificateArn: CERTIFICATE.replace('us-east-1', 'eu-west-1'),
      }),
    ).toThrow(/us-east-1/);
    expect(() => settingsFor({ domainName: 'not a host', certificateArn: CERTIFICATE })).toThrow(/host name/);
  });

  it('passes site settings on under the names lib/config.ts reads, and lets it validate them', () => {
    const settings = settingsFor({
      siteTitle: 'Le Baobab',
      siteUrl: 'https://lebaobab.example/',
      siteLanguage: 'fr',
    });

    expect(settings.environment).toMatchObject({
      SITE_TITLE: 'Le Baobab',
      SITE_URL: 'https://lebaobab.example/',
      SITE_LANGUAGE: 'fr',
    });
    expect(() => settingsFor({ siteUrl: 'not-a-url' })).toThrow(/SITE_URL/);
    expect(() => settingsFor({ tagAuthority: 'example.org' })).toThrow(/TAG_AUTHORITY/);
  });

  it('treats an empty value (-c key=) as unset', () => {
    expect(settingsFor({ domainName: '', certificateArn: '' }).customDomain).toBeUndefined();
  });

  it('rejects unknown stages, malformed topic ARNs, emails and table names', () => {
    expect(() => settingsFor({ stage: 'staging' })).toThrow(/dev, prod/);
    expect(() => settingsFor({ alarmTopicArn: 'ops-alerts' })).toThrow(/SNS topic ARN/);
    expect(() => settingsFor({ alarmEmail: 'ops' })).toThrow(/email address/);
    expect(() => settingsFor({ tableName: 'my table' })).toThrow(/tableName/);
  });

  it('names the table after the stage unless tableName says otherwise', () => {
    expect(settingsFor({}).tableName).toBe('wirefeed-dev');
    expect(
      settingsFor({ stage: 'prod', publicBaseUrl: 'https://feeds.example.org', backupCopyRegion: 'none' })
        .tableName,
    ).toBe('wirefeed-prod');
    expect(settingsFor({ tableName: 'wirefeed-prod-restored' }).tableName).toBe('wirefeed-prod-restored');
  });
});
