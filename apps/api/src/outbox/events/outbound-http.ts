import http from 'node:http';
import https from 'node:https';
import {
  guardedLookup,
  isAddressLiteral,
  isPublicAddress,
  PrivateAddressError,
  urlHost,
} from '../../platform/security/public-address';

export type OutboundFailure = 'refused' | 'timeout' | 'network' | 'invalid';

/** Why an outbound request did not get an HTTP answer. `refused` = we would not connect (SSRF guard). */
export class OutboundRequestError extends Error {
  override readonly name = 'OutboundRequestError';
  constructor(
    message: string,
    readonly kind: OutboundFailure,
  ) {
    super(message);
  }
}

export interface OutboundResponse {
  status: number;
  /** Seconds from Retry-After (429, 503), when the receiver sent one. */
  retryAfterSeconds: number | null;
}

/**
 * POSTs a body to a URL outside the product: http(s) only, no redirects followed (a 3xx is an
 * answer like any other), a deadline over the whole exchange, and, unless `allowPrivate`, no
 * connection to a private or loopback address (checked on the resolved address itself).
 */
export async function postOutbound(
  url: string,
  input: { body: string; headers: Record<string, string>; timeoutMs: number; allowPrivate: boolean },
): Promise<OutboundResponse> {
  if (!URL.canParse(url)) throw new OutboundRequestError('not a URL', 'invalid');
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:')
    throw new OutboundRequestError('only http and https URLs are allowed', 'invalid');
  const host = urlHost(target);
  // An address literal is connected to without a lookup: check it here (names are checked in the lookup).
  if (isAddressLiteral(host) && !input.allowPrivate && !isPublicAddress(host))
    throw new OutboundRequestError(`${host} is not a public address`, 'refused');
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const signal = AbortSignal.timeout(input.timeoutMs);
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { ...input.headers, 'content-length': Buffer.byteLength(input.body).toString() },
        lookup: guardedLookup(input.allowPrivate),
        agent: false,
        signal,
      },
      (res) => {
        const retryAfter = Number(res.headers['retry-after']);
        // The body is not needed; read (and drop) at most a little of it so the socket closes cleanly.
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > 64 * 1024) res.destroy();
        });
        res.on('close', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null,
          }),
        );
        res.on('error', () => undefined);
      },
    );
    req.on('error', (err) => {
      if (err instanceof PrivateAddressError) return reject(new OutboundRequestError(err.message, 'refused'));
      if (signal.aborted) return reject(new OutboundRequestError(`no answer within ${input.timeoutMs} ms`, 'timeout'));
      if (err.cause instanceof PrivateAddressError)
        return reject(new OutboundRequestError(err.cause.message, 'refused'));
      reject(new OutboundRequestError(err.message || 'connection failed', 'network'));
    });
    req.end(input.body);
  });
}
