import type * as z from 'zod';
import type { FieldIssue } from './errors';

const escapePointer = (segment: PropertyKey) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * zod issues as problem+json `errors`: body fields by JSON pointer (RFC 6901; "" is the
 * whole document), query parameters by name. An unknown field is named itself.
 */
export function fieldIssues(error: z.ZodError, where: 'body' | 'query'): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    const paths =
      issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    const detail = issue.code === 'unrecognized_keys' ? 'is not a field of this resource' : issue.message;
    return paths.map((path) =>
      where === 'query'
        ? { parameter: String(path[0] ?? ''), detail }
        : { pointer: path.map((p) => `/${escapePointer(p)}`).join(''), detail },
    );
  });
}
