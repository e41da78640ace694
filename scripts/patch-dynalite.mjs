#!/usr/bin/env node
// postinstall: close dynalite's LevelDB iterators.
//
// dynalite 4 turns abstract-level iterators into streams and, when a stream ends or is
// destroyed, calls `iterator.return()` if it exists. abstract-level 3 iterators have no
// `return()` — they are released by `close()` — so every Query and Scan left its iterator
// open: the database keeps each one in its set of open resources (with, on disk, a
// LevelDB snapshot), about 45 KB per Query that is never freed. Calling `close()`
// instead releases them. Idempotent; fails the install if dynalite changed shape, so an
// upgrade is looked at rather than silently leaking again (tests/store/engine-memory.test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let file;
try {
  file = require.resolve('dynalite/db/index.js');
} catch {
  process.exit(0); // dynalite not installed (e.g. --omit=dev of some future layout): nothing to patch
}
const LEAKING = /if \(iterator\.return\) \{\n(\s*)iterator\.return\(\)/g;
const FIXED = /if \(iterator\.close\) \{\n\s*iterator\.close\(\)/g;
const source = readFileSync(file, 'utf8');
const leaks = source.match(LEAKING)?.length ?? 0;
const fixed = source.match(FIXED)?.length ?? 0;
if (leaks === 0 && fixed === 2) process.exit(0);
if (leaks + fixed !== 2) {
  console.error(`patch-dynalite: ${file} no longer looks as expected; check its iterator handling.`);
  process.exit(1);
}
writeFileSync(file, source.replace(LEAKING, 'if (iterator.close) {\n$1iterator.close()'));
console.log(`patch-dynalite: dynalite now closes its LevelDB iterators (${leaks} places)`);
