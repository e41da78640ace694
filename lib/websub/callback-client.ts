import { type LookupAddress, lookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { isPublicAddress } from './address-safety';

/** What the hub sends to a callback (or an outside hub) and what it keeps of the answer. */
export interface CallbackRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
}

export interface CallbackResponse {
  status: number;
  /** The first `maxResponseBytes` of the body, as UTF-8. */
  body: string;
}

/** The callback's address is not public and WEBSUB_PRIVATE_CALLBACKS=deny. */
export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
}

export type CallbackClient = (request: CallbackRequest) => Promise<CallbackResponse>;

export interface CallbackClientOptions {
  privateCallbacks: 'allow' | 'deny';
  /** WebSub deliveries time out after this long. @default 10 000 */
  timeoutMs?: number;
  /** Only the challenge matters in an answer: the rest is not read. @default 1024 */
  maxResponseBytes?: number;
}

/**
 * HTTP for the hub's outgoing requests, on node:http rather than fetch so that the
 * address check runs on the very address the socket connects to (the `lookup` hook):
 * redirects are never followed (a 3xx is an answer like any other), answers are
 * bounded, and everything gives up after the timeout.
 */
export function createCallbackClient({
  privateCallbacks,
  timeoutMs = 10_000,
  maxResponseBytes = 1024,
}: CallbackClientOptions): CallbackClient {
  const deny = privateCallbacks === 'deny';
  const safeLookup = (
    hostname: string,
    options: object,
    done: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return done(error, []);
      const refused = deny ? addresses.find((a) => !isPublicAddress(a.address)) : undefined;
      if (refused)
        return done(
          new RefusedAddressError(`${hostname} resolves to ${refused.address}, which is not public`),
          [],
        );
      const all = (options as { all?: boolean }).all;
      if (all) return done(null, addresses);
      const [first] = addresses;
      if (!first) return done(new Error(`${hostname} has no address`), []);
      done(null, first.address, first.family);
    });
  };

  return (req) =>
    new Promise((resolve, reject) => {
      const url = new URL(req.url);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (deny && isIP(host) && !isPublicAddress(host)) {
        reject(new RefusedAddressError(`${host} is not a public address`));
        return;
      }
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const body = typeof req.body === 'string' ? Buffer.from(req.body) : req.body;
      const outgoing = send(
        url,
        {
          method: req.method,
          headers: {
            'User-Agent': 'wirefeed-websub-hub',
            ...req.headers,
            ...(body ? { 'Content-Length': String(body.byteLength) } : {}),
          },
          lookup: safeLookup as never,
          signal: AbortSignal.timeout(timeoutMs),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size >= maxResponseBytes) return;
            chunks.push(chunk);
            size += chunk.length;
            // Enough read: stop the subscriber from streaming us more.
            if (size >= maxResponseBytes) res.destroy();
          });
          const finish = () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).subarray(0, maxResponseBytes).toString('utf8'),
            });
          res.on('end', finish);
          res.on('close', finish);
          res.on('error', finish);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
}
