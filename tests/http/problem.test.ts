import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onError } from '../../lib/http/problem';

/** The one onError: a client that left is not our error; everything else unexpected is logged and a 500. */

const appThrowing = (error: Error) => {
  const app = new Hono();
  app.onError(onError);
  app.get('/', () => {
    throw error;
  });
  return app;
};

const connReset = (message: string) => Object.assign(new Error(message), { code: 'ECONNRESET' });

afterEach(() => {
  vi.restoreAllMocks();
});

/** What the process writes (the logger's JSON lines go to stdout or stderr), kept from the terminal. */
function captureOutput() {
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  }
  return { text: () => lines.join('') };
}

describe('onError', () => {
  it("does not log the request stream's abort (the client closed its socket)", async () => {
    const output = captureOutput();

    const res = await appThrowing(connReset('aborted')).request('/');

    expect(res.status).toBe(400);
    expect(output.text()).toBe('');
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a reset of our own connection (DynamoDB)', connReset('socket hang up')],
    ['an abort of our own', Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })],
  ])('logs %s as an unhandled error and answers 500', async (_, error) => {
    const output = captureOutput();

    const res = await appThrowing(error).request('/');

    expect(res.status).toBe(500);
    expect(output.text()).toContain('"message":"Unhandled error"');
  });
});
