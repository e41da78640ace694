import { notWriteApi } from '../api-response';
import type { ApiTarget } from '../cli-config';
import type { ArticleBody, Reason } from './mapped-entry';

/**
 * The client side of `PUT {api}/articles/{id}`: one attempt, classified. Whether and
 * when to try again is `retry.ts`'s business.
 */

export type PutOutcome =
  | { kind: 'created' | 'updated'; status: number }
  /** The URL is not wirefeed's write API (a 404 for a PUT that creates, a web page…): nothing else will work either. */
  | { kind: 'not-api'; status: number; reasons: Reason[] }
  /** A final answer: other 4xx (400 invalid fields, 401/403, 413, 415…) and anything unexpected. */
  | { kind: 'rejected'; status: number; reasons: Reason[] }
  /** 429, 5xx or no answer at all (`status: null`): worth another attempt. */
  | { kind: 'retryable'; status: number | null; reasons: Reason[]; retryAfterMs?: number };

export interface WriteApi {
  putArticle(id: string, article: ArticleBody): Promise<PutOutcome>;
}

export interface WriteApiOptions extends ApiTarget {
  fetch?: typeof fetch;
  /** Per request, answer included. @default 30 s */
  timeoutMs?: number;
  now?: () => Date;
}

/** RFC 9110 §10.2.3: `Retry-After` is delay-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

interface ProblemDetails {
  title?: unknown;
  detail?: unknown;
  errors?: unknown;
}

/** RFC 9457 problem details → reasons: each `errors` member, else the `detail`, else the status line. */
async function reasonsOf(response: Response): Promise<Reason[]> {
  const fallback = [{ detail: `HTTP ${response.status} ${response.statusText}`.trimEnd() }];
  const text = await response.text().catch(() => '');
  let problem: ProblemDetails;
  try {
    problem = JSON.parse(text) as ProblemDetails;
  } catch {
    return text.trim() ? [{ detail: text.trim().slice(0, 300) }] : fallback;
  }
  if (Array.isArray(problem?.errors) && problem.errors.length > 0) {
    return problem.errors.map((e: { pointer?: unknown; parameter?: unknown; detail?: unknown }) => ({
      ...(typeof e?.pointer === 'string' ? { pointer: e.pointer } : {}),
      detail: typeof e?.detail === 'string' ? e.detail : JSON.stringify(e),
    }));
  }
  const detail = typeof problem?.detail === 'string' ? problem.detail : problem?.title;
  return typeof detail === 'string' && detail ? [{ detail }] : fallback;
}

function networkReason(error: unknown, timeoutMs: number): Reason {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return { detail: `no answer within ${timeoutMs / 1000} s` };
  return { detail: `network error: ${err.cause?.code ?? err.cause?.message ?? err.message}` };
}

export function createWriteApi({
  apiUrl,
  apiKey,
  fetch: fetchImpl = fetch,
  timeoutMs = 30_000,
  now = () => new Date(),
}: WriteApiOptions): WriteApi {
  return {
    async putArticle(id, article) {
      let response: Response;
      try {
        response = await fetchImpl(`${apiUrl}/articles/${encodeURIComponent(id)}`, {
          method: 'PUT',
          headers: {
            Authorization: `Bearer ${apiKey}`,
            'Content-Type': 'application/json',
            Accept: 'application/json, application/problem+json',
          },
          body: JSON.stringify(article),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        return { kind: 'retryable', status: null, reasons: [networkReason(error, timeoutMs)] };
      }
      const { status } = response;
      const notApi = notWriteApi(response);
      if (notApi) {
        await response.body?.cancel();
        return { kind: 'not-api', status, reasons: [{ detail: notApi }] };
      }
      if (status === 201 || status === 200) {
        // The stored article is not needed; reading it frees the connection for the next request.
        await response.arrayBuffer().catch(() => undefined);
        return { kind: status === 201 ? 'created' : 'updated', status };
      }
      const reasons = await reasonsOf(response);
      if (status === 429 || status >= 500) {
        const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), now());
        return { kind: 'retryable', status, reasons, retryAfterMs };
      }
      return { kind: 'rejected', status, reasons };
    },
  };
}
