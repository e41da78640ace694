/**
 * How big a rendered feed may be. Lambda refuses a response payload over 6 MB
 * (6,291,456 bytes: the whole JSON envelope, headers included), and the HTTP API passes
 * nothing larger on. The body travels in that envelope either as a JSON string (each `"`,
 * `\` and control character escaped) or, compressed, as base64 (4/3 of the compressed
 * bytes, which for a pathological body can be about the raw size). A body fits when
 * both its raw size × 4/3 and its JSON-escaped size stay under 5 MB, which leaves over a
 * megabyte for headers and the envelope.
 */
export const RESPONSE_BODY_BUDGET = 5_000_000;

/** True when `text` can be answered from Lambda in any encoding (see RESPONSE_BODY_BUDGET). */
export function fitsResponse(text: string, budget = RESPONSE_BODY_BUDGET): boolean {
  const raw = Buffer.byteLength(text);
  if (Math.ceil((raw * 4) / 3) > budget) return false;
  // JSON escaping only ever adds bytes: skip the stringify when raw alone is far below.
  if (raw * 2 <= budget) return true;
  return Buffer.byteLength(JSON.stringify(text)) <= budget;
}

/**
 * The most leading items (1 to `total`) whose rendering fits, by binary search over
 * `fits(count)`; `fits(total)` is tried first, since almost every feed fits whole. One
 * item is always kept: an article's fields are bounded (a body of 200,000 characters
 * renders to under 2 MB in any format), so one always fits, and a page of none would
 * have no entry for its `next` link to continue from.
 */
export function largestFitting(total: number, fits: (count: number) => boolean): number {
  if (total <= 1 || fits(total)) return total;
  let low = 1;
  let high = total - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * `render(total)`, or when that would not fit a response (see RESPONSE_BODY_BUDGET) the
 * rendering of the most leading items that does. Almost every document fits whole, so
 * the common case renders once.
 */
export function renderFitting(total: number, render: (count: number) => string): string {
  const whole = render(total);
  if (total <= 1 || fitsResponse(whole)) return whole;
  return render(largestFitting(total - 1, (count) => fitsResponse(render(count))));
}
