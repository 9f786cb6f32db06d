import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

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

/** True for a public unicast address; loopback, private, link-local, CGNAT, multicast and reserved are not. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/**
 * A DNS lookup that answers only addresses we may connect to. Passed to the socket as its lookup,
 * so the address checked is the address connected to (a name that resolves differently on a second
 * lookup, DNS rebinding, cannot slip past a check made earlier).
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const usable = allowPrivate ? addresses : addresses.filter((a) => isPublicAddress(a.address));
      const first = usable[0];
      if (!first) {
        return callback(
          new OutboundRequestError(`${hostname} resolves only to private or loopback addresses`, 'refused'),
          '',
          0,
        );
      }
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      else callback(null, first.address, first.family);
    });
  };
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
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // An address literal is connected to without a lookup: check it here.
  if (ipaddr.isValid(host) && !input.allowPrivate && !isPublicAddress(host))
    throw new OutboundRequestError(`${host} is a private or loopback address`, 'refused');
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
      if (err instanceof OutboundRequestError) return reject(err);
      if (signal.aborted) return reject(new OutboundRequestError(`no answer within ${input.timeoutMs} ms`, 'timeout'));
      const cause = err.cause instanceof OutboundRequestError ? err.cause : null;
      if (cause) return reject(cause);
      reject(new OutboundRequestError(err.message || 'connection failed', 'network'));
    });
    req.end(input.body);
  });
}
