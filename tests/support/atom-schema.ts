/**
 * Validates Atom documents against RFC 4287's RELAX NG schema (Appendix B, in ./schemas/atom.rnc)
 * with Debian's `jing` (package `jing`, which needs java), using the compact syntax (`-c`).
 *
 * The schema checks structure only: its Schematron rules (e.g. "an entry needs an author if its feed
 * has none") are not enforced, and extension elements from other namespaces (Media RSS etc.) are allowed.
 * Each call runs one JVM (~0.3-0.5 s), so validate a handful of documents, not thousands.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ATOM_SCHEMA = fileURLToPath(new URL('./schemas/atom.rnc', import.meta.url));

const JING_TIMEOUT_MS = 60_000;

export interface AtomValidation {
  ok: boolean;
  /** One per problem, as `line:column: error: message` (or `fatal:` for XML that isn't well-formed). */
  errors: string[];
}

/**
 * Validates `xml` (written to a temp file as UTF-8, so it must not declare another encoding).
 * Throws if jing itself can't run; check `jingAvailable()` first.
 */
export function validateAtom(xml: string): AtomValidation {
  return validateAtomDocuments({ feed: xml }).feed!;
}

/**
 * Validates several documents with one jing run (one JVM start instead of one per document).
 * Keys name the documents; each gets its own result.
 */
export function validateAtomDocuments(docs: Record<string, string>): Record<string, AtomValidation> {
  const dir = mkdtempSync(join(tmpdir(), 'wirefeed-atom-'));
  const names = Object.keys(docs);
  const files = names.map((_, i) => join(dir, `doc-${i}.xml`));
  try {
    for (const [i, name] of names.entries()) writeFileSync(files[i]!, docs[name]!, 'utf8');
    const r = spawnSync('jing', ['-c', ATOM_SCHEMA, ...files], {
      encoding: 'utf8',
      timeout: JING_TIMEOUT_MS,
    });
    if (r.error) throw new Error(`atom-schema: could not run jing: ${r.error.message}`);
    // jing reports problems on stdout as `<file>:<line>:<col>: error|fatal: <message>`. Debian's wrapper
    // script adds `[warning] ... Unable to locate <optional jar>` lines on stderr, which we drop.
    const lines = `${r.stdout}\n${r.stderr}`
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('[warning]'));
    const problems = lines.filter((l) => /(^|: )(error|fatal):/.test(l));
    const results: Record<string, AtomValidation> = {};
    names.forEach((name, i) => {
      const prefix = `${files[i]}:`;
      const errors = problems.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
      results[name] = { ok: errors.length === 0, errors };
    });
    const attributed = Object.values(results).some((v) => !v.ok);
    if (r.status !== 0 && !attributed) {
      // Non-zero exit without a parsable report (crash, timeout, bad schema path): surface it all.
      const error = `jing exited with ${r.status ?? r.signal}: ${lines.join(' | ') || '(no output)'}`;
      for (const name of names) results[name] = { ok: false, errors: [error] };
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let jingChecked: boolean | undefined;

/**
 * True when jing (and the java it needs) runs and accepts a minimal Atom entry with our schema.
 * Cached per process.
 */
export function jingAvailable(): boolean {
  if (jingChecked === undefined) {
    const probe =
      '<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:x:probe</id><title>t</title>' +
      '<updated>2024-01-01T00:00:00Z</updated></entry>';
    try {
      jingChecked = validateAtom(probe).ok;
    } catch {
      jingChecked = false; // jing not on PATH
    }
  }
  return jingChecked;
}
