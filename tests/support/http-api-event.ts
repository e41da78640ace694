/**
 * An API Gateway HTTP API (payload format 2.0) event, as Lambda receives it behind
 * CloudFront: for invoking handlers the way AWS does.
 */

export interface HttpRequest {
  method?: string;
  /** The route API Gateway matched: `$default`, or `ANY /api/{proxy+}` for the write API. */
  routeKey?: string;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

/** An API Gateway HTTP API (payload format 2.0) event, as the matched route sends it. */
export function httpApiEvent(path: string, query = '', request: HttpRequest = {}) {
  const method = request.method ?? 'GET';
  const routeKey = request.routeKey ?? '$default';
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: query,
    headers: {
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'Amazon CloudFront',
      'accept-encoding': 'gzip',
      ...request.headers,
    },
    queryStringParameters: query ? Object.fromEntries(new URLSearchParams(query)) : undefined,
    pathParameters: request.pathParameters,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'Amazon CloudFront',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey,
      stage: '$default',
      time: '26/Nov/2026:08:00:00 +0000',
      timeEpoch: 1_795_680_000_000,
    },
    body: request.body ?? null,
    isBase64Encoded: false,
  };
}
