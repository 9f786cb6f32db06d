import { createHash } from 'node:crypto';

/** Keys are kept at least this long (Stripe's and the IETF draft's 24 hours), then may be pruned. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim still 'running' after this long belongs to a request that died: the key may be reused. */
export const IDEMPOTENCY_ABANDONED_MS = 2 * 60 * 1000;

/**
 * The Idempotency-Key header's value: a Structured-Field string per the IETF draft (quoted) or the
 * bare token most clients send (Stripe style). 1-255 visible ASCII characters. Null when missing
 * or malformed; `reason` says which.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): { key: string } | { reason: string } {
  if (header === undefined) return { reason: 'missing' };
  if (Array.isArray(header)) return { reason: 'send one Idempotency-Key header, not several' };
  let value = header.trim();
  if (value.startsWith('"')) {
    if (value.length < 2 || !value.endsWith('"')) return { reason: 'a quoted Idempotency-Key must end with a quote' };
    value = value.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  if (value.length === 0) return { reason: 'missing' };
  if (value.length > 255) return { reason: 'the Idempotency-Key must be at most 255 characters' };
  if (!/^[\x20-\x7e]+$/.test(value)) return { reason: 'the Idempotency-Key must be visible ASCII characters' };
  return { key: value };
}

/** JSON with object keys sorted at every level, so the same body always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 of the canonical body: "same body" means the same JSON, whatever the key order or spacing. */
export function fingerprintBody(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
