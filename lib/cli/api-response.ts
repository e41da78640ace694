/**
 * Whether an answer can have come from wirefeed's write API. Its write routes answer
 * JSON (2xx) or problem+json, and never 404 or 405 a write they accept: PUT creates,
 * POST collects. Anything else means the URL names another server or path, and every
 * further request would fail the same way.
 */
export function notWriteApi(response: Response): string | undefined {
  const { status } = response;
  const type = response.headers.get('Content-Type') ?? '';
  const line = `${status} ${response.statusText}`.trimEnd();
  if (status === 404 || status === 405 || status === 501) return `it answered ${line}`;
  if (status < 300 && !/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    return `it answered ${line} with ${type ? type.split(';')[0] : 'no Content-Type'}, not JSON`;
  }
  return undefined;
}

/** The one line a command prints before exit 2 when `notWriteApi` said so. */
export function notWriteApiLine(apiUrl: string, detail: string): string {
  return `${apiUrl} does not answer like wirefeed's write API (${detail}); --api or WIREFEED_API_URL must be the address wirefeed serves on, e.g. http://localhost:3000`;
}
