import { describe, expect, it } from 'vitest';
import { resolveApiTarget } from '../../lib/cli/cli-config';
import { UsageError } from '../../lib/cli/cli-error';
import type { CliContext, Command } from '../../lib/cli/command';
import { runCli } from '../../lib/cli/run-cli';

function aContext() {
  const out = { stdout: '', stderr: '' };
  const context: CliContext = {
    env: {},
    cwd: '/tmp',
    stdout: { write: (s: string) => (out.stdout += s) },
    stderr: { write: (s: string) => (out.stderr += s) },
  };
  return { context, out };
}

const aCommand = (run: Command['run']): Command => ({ summary: 'does a thing', usage: 'Usage: x', run });

describe('runCli', () => {
  it('lists the commands of the table', async () => {
    const { context, out } = aContext();

    const code = await runCli(['--help'], context, {
      one: aCommand(async () => 0),
      two: aCommand(async () => 0),
    });

    expect(code).toBe(0);
    expect(out.stdout).toContain('  one  does a thing\n  two  does a thing');
  });

  it('passes the remaining arguments and returns the exit code of the command', async () => {
    const { context } = aContext();
    let seen: string[] = [];

    const code = await runCli(['one', 'a', '--b'], context, {
      one: aCommand(async (args) => {
        seen = args;
        return 1;
      }),
    });

    expect(code).toBe(1);
    expect(seen).toEqual(['a', '--b']);
  });

  it('turns a UsageError into exit 2 and one line on stderr', async () => {
    const { context, out } = aContext();

    const code = await runCli(['one'], context, {
      one: aCommand(async () => {
        throw new UsageError('bad\nthing');
      }),
    });

    expect(code).toBe(2);
    expect(out.stderr).toBe('wirefeed one: bad thing\n');
  });

  it('exits 2 with no command or an unknown one, and 1 on a bug', async () => {
    const { context, out } = aContext();
    const commands = {
      one: aCommand(async () => {
        throw new TypeError('oops');
      }),
    };

    expect(await runCli([], context, commands)).toBe(2);
    expect(await runCli(['two'], context, commands)).toBe(2);
    expect(await runCli(['toString'], context, commands)).toBe(2);
    expect(await runCli(['one'], context, commands)).toBe(1);
    expect(out.stderr).toContain('unexpected error: TypeError: oops');
  });
});

describe('resolveApiTarget', () => {
  it('prefers flags to the environment and trims the trailing slash', () => {
    expect(
      resolveApiTarget({ api: 'http://a.example/api/' }, { apiUrl: 'http://b.example/api', apiKey: 'k' }),
    ).toEqual({ apiUrl: 'http://a.example/api', apiKey: 'k' });
  });

  it.each([
    ['http://localhost:3000', 'http://localhost:3000/api'],
    ['http://localhost:3000/', 'http://localhost:3000/api'],
    ['http://localhost:3000/api', 'http://localhost:3000/api'],
    ['https://news.example/feeds/', 'https://news.example/feeds/api'],
    ['https://news.example/feeds/api/articles?x=1', 'https://news.example/feeds/api'],
  ])("takes the site's address for its write API: %s → %s", (given, api) => {
    expect(resolveApiTarget({ api: given }, { apiKey: 'k' }).apiUrl).toBe(api);
  });

  it.each([
    [{}, {}, /no API URL/],
    [{ api: 'ftp://a.example' }, { apiKey: 'k' }, /absolute http\(s\) URL/],
    [{ api: 'http://a.example/api' }, {}, /no API key/],
  ])('refuses %j %j', (flags, env, message) => {
    expect(() => resolveApiTarget(flags, env)).toThrow(message);
  });
});
