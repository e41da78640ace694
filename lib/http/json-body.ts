import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { assertJsonDepth } from '../articles/json-depth';
import { ContentTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';

export const MAX_BODY_BYTES = 256 * 1024;

/** JSON bodies only (415), at most 256 KB (413); both leave through the one `onError`. */
export const jsonBody = [
  createMiddleware(async (c, next) => {
    const type = c.req.header('Content-Type') ?? '';
    if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
      throw new UnsupportedMediaTypeError(
        `Send the body as application/json, not ${type ? `"${type.slice(0, 60)}"` : 'without a Content-Type'}.`,
      );
    }
    await next();
  }),
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ContentTooLargeError(`The body is over ${MAX_BODY_BYTES} bytes.`);
    },
  }),
];

/** The body, parsed (400 on bad JSON or nesting too deep), for the service to validate. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationError('The body is not valid JSON.', [
      { pointer: '', detail: (error as Error).message },
    ]);
  }
  assertJsonDepth(value);
  return value;
}
