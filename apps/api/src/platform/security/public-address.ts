import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** The WHATWG URL parser's canonical text of an IPv6 literal, or null (zone ids and junk are not literals). */
function canonicalIPv6(text: string): string | null {
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

function embeddedIPv4(v6: ipaddr.IPv6, range: string): ipaddr.IPv4 | null {
  const p = v6.parts;
  const fromWords = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (range === 'ipv4Mapped' || range === 'rfc6145') return fromWords(p[6] ?? 0, p[7] ?? 0);
  if (range === 'rfc6052' && v6.match(NAT64_WELL_KNOWN)) return fromWords(p[6] ?? 0, p[7] ?? 0);
  if (range === '6to4') return fromWords(p[1] ?? 0, p[2] ?? 0);
  return null;
}

/**
 * Where an address points, as ipaddr.js names its ranges ('loopback', 'private', 'linkLocal',
 * 'uniqueLocal', 'multicast', 'unspecified', 'carrierGradeNat', 'reserved', 'teredo', ...), plus:
 * - 'unicast': a public unicast address, the only kind we connect to outside the product;
 * - 'ipv4Compatible': ::/96 with an IPv4 address in it (`::7f00:1`), deprecated since 2006;
 * - 'nat64LocalUse': 64:ff9b:1::/48, a network's own translator;
 * - 'unallocated': IPv6 outside 2000::/3, which holds every global unicast address;
 * - 'invalid': not an address in canonical form (a name, a zone id, `127.1`, junk).
 * For the IPv6 forms that carry an IPv4 address (IPv4-mapped, RFC 6145, NAT64 64:ff9b::/96,
 * 6to4), the answer is the embedded address's: `::ffff:127.0.0.1` is loopback.
 */
export function addressRange(address: string): string {
  const text = address.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text).range();
  // ipaddr.js reads `::1.2.3.4` as IPv4-mapped; the URL parser's canonical form (`::102:304`) keeps it what it is.
  const canonical = text.includes(':') ? canonicalIPv6(text) : null;
  if (canonical === null || !ipaddr.IPv6.isValid(canonical)) return 'invalid';
  const v6 = ipaddr.IPv6.parse(canonical);
  const range = v6.range();
  if (range === 'rfc6052' && !v6.match(NAT64_WELL_KNOWN)) return 'nat64LocalUse';
  const inner = embeddedIPv4(v6, range);
  if (inner) return inner.range();
  if (range !== 'unicast') return range;
  if (v6.match(IPV4_COMPATIBLE)) return 'ipv4Compatible';
  return v6.match(GLOBAL_UNICAST) ? 'unicast' : 'unallocated';
}

/**
 * True for a public unicast address only; loopback, private, link-local, unique-local, CGNAT,
 * multicast, unspecified (0.0.0.0, ::), reserved and documentation ranges, and every IPv6 form of
 * a non-public IPv4 address are not. Address classification is ipaddr.js's (a maintained list).
 */
export function isPublicAddress(address: string): boolean {
  return addressRange(address) === 'unicast';
}

/** The host of a URL without IPv6 brackets; an IPv4 literal in any spelling is already a dotted quad (WHATWG URL). */
export function urlHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** True when the URL's host is an address literal (IPv4 or IPv6), which is connected to without a lookup. */
export function isAddressLiteral(host: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(host) || (host.includes(':') && ipaddr.IPv6.isValid(host));
}

/** A connection refused because its address is not public (the SSRF guard). */
export class PrivateAddressError extends Error {
  override readonly name = 'PrivateAddressError';
}

/**
 * A DNS lookup that answers only addresses we may connect to. Passed to the socket as its lookup,
 * so the address checked is the address connected to (a name that resolves differently on a second
 * lookup, DNS rebinding, cannot slip past a check made earlier).
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const usable = allowPrivate ? addresses : addresses.filter((a) => isPublicAddress(a.address));
      const first = usable[0];
      if (!first) {
        return callback(new PrivateAddressError(`${hostname} resolves only to addresses that are not public`), '', 0);
      }
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      else callback(null, first.address, first.family);
    });
  };
}

/**
 * What a host name resolves to now: 'public' when at least one address is public (connections use
 * only those), 'private' when none is, 'unresolved' when the lookup fails or takes over `timeoutMs`.
 */
export async function resolveHostKind(
  hostname: string,
  timeoutMs: number,
): Promise<'public' | 'private' | 'unresolved'> {
  if (isAddressLiteral(hostname)) return isPublicAddress(hostname) ? 'public' : 'private';
  const addresses = await new Promise<LookupAddress[] | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    dnsLookup(hostname, { all: true }, (err, found) => {
      clearTimeout(timer);
      resolve(err ? null : found);
    });
  });
  if (!addresses || addresses.length === 0) return 'unresolved';
  return addresses.some((a) => isPublicAddress(a.address)) ? 'public' : 'private';
}
