import ipaddr from 'ipaddr.js';

/**
 * The key a client's rate limits count under. IPv4 addresses count one by one; IPv6 clients get a
 * /64 each (one home or phone network is handed a whole /64, so per-address buckets would be
 * unlimited); IPv4-mapped IPv6 (`::ffff:1.2.3.4`) counts as the IPv4 address.
 */
export function rateLimitKey(address: string | undefined): string {
  if (!address || !ipaddr.isValid(address)) return 'unknown';
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}

/** Express's `trust proxy` from TRUST_PROXY: a hop count, or addresses/CIDRs/keywords; none when unset. */
export type TrustProxySetting = false | number | string[];

const KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Parses TRUST_PROXY; returns an error message naming what is wrong, or the setting. */
export function parseTrustProxy(
  raw: string | undefined,
): { ok: true; value: TrustProxySetting } | { ok: false; message: string } {
  const text = (raw ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return { ok: true, value: false };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= 10
      ? { ok: true, value: hops }
      : { ok: false, message: 'TRUST_PROXY as a hop count must be 10 or less' };
  }
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (KEYWORDS.has(entry)) continue;
    const [address, bits] = entry.split('/');
    const valid =
      address !== undefined &&
      ipaddr.isValid(address) &&
      (bits === undefined ||
        (/^\d+$/.test(bits) && Number(bits) <= (ipaddr.parse(address).kind() === 'ipv4' ? 32 : 128)));
    if (!valid) {
      return {
        ok: false,
        message: `TRUST_PROXY entry "${entry.slice(0, 60)}" is not a hop count, an IP address, a CIDR (10.0.0.0/8) or loopback/linklocal/uniquelocal`,
      };
    }
  }
  return { ok: true, value: entries };
}
