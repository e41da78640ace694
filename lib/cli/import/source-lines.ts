/**
 * NDJSON lines from a stream of bytes, one at a time: only the line being assembled and
 * the chunk being cut are held, so memory does not grow with the file. A line longer than
 * `maxLineBytes` is not assembled: its bytes are skipped up to the next newline and it is
 * reported as too long, by its number.
 */

export type SourceLine = { line: number; text: string } | { line: number; tooLong: true };

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8');

export async function* sourceLines(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<SourceLine> {
  let parts: Uint8Array[] = [];
  let length = 0;
  let tooLong = false;
  let line = 0;

  const finish = (): SourceLine | undefined => {
    line++;
    const bytes = parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts, length);
    const wasTooLong = tooLong;
    parts = [];
    length = 0;
    tooLong = false;
    if (wasTooLong) return { line, tooLong: true };
    // A byte order mark may open the first line; \r\n ends lines as well as \n.
    const text = utf8.decode(bytes).replace(line === 1 ? /^\uFEFF|\r$/g : /\r$/, '');
    return text.trim() === '' ? undefined : { line, text };
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); ; end = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, end === -1 ? chunk.byteLength : end);
      if (!tooLong) {
        if (length + piece.byteLength > maxLineBytes) {
          tooLong = true;
          parts = [];
          length = 0;
        } else if (piece.byteLength > 0) {
          // A copy: the stream may reuse the chunk's memory.
          parts.push(end === -1 ? Uint8Array.from(piece) : piece);
          length += piece.byteLength;
        }
      }
      if (end === -1) break;
      const next = finish();
      if (next) yield next;
      start = end + 1;
    }
  }
  if (length > 0 || tooLong) {
    const last = finish();
    if (last) yield last;
  }
}
