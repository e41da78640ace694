import { ValidationError } from '../errors';

/**
 * How deep a JSON value may nest. An article is four levels deep at most
 * (article → image or authors → author → field); everything that walks a value
 * recursively (the XML-character stripper, zod) stays far from the stack's limit.
 */
export const MAX_JSON_DEPTH = 32;

/** Throws a 400 naming the first too-deep place. Iterative: it must not overflow the stack itself. */
export function assertJsonDepth(value: unknown, maxDepth = MAX_JSON_DEPTH): void {
  const stack: { value: unknown; depth: number; pointer: string }[] = [{ value, depth: 0, pointer: '' }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= maxDepth) {
      throw new ValidationError(`The body nests deeper than ${maxDepth} levels.`, [
        { pointer: next.pointer, detail: `nests deeper than ${maxDepth} levels` },
      ]);
    }
    for (const [key, child] of Object.entries(next.value)) {
      const token = key.replace(/~/g, '~0').replace(/\//g, '~1');
      stack.push({ value: child, depth: next.depth + 1, pointer: `${next.pointer}/${token}` });
    }
  }
}
