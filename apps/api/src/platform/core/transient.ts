/**
 * Whether a failure is ours and passing (the database unreachable, restarting, overloaded, a
 * deadlock or serialization conflict): worth a sender's retry. Anything else a retry of the same
 * body meets again (a value PostgreSQL refuses, a check that fails), so a webhook route keeps such
 * a delivery as rejected and answers 2xx rather than have the sender retry it for days.
 */
export function isTransientFailure(err: unknown): boolean {
  const seen = new Set<unknown>();
  for (
    let e: unknown = err;
    typeof e === 'object' && e !== null && !seen.has(e);
    e = (e as { cause?: unknown }).cause
  ) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (NODE_NETWORK_CODES.has(code)) return true;
      // SQLSTATE classes: 08 connection, 40 rollback (serialization, deadlock), 53 resources,
      // 57 operator intervention (shutdown, cancelled), 58 system error; 55P03 lock not available.
      if (/^(08|40|53|57|58)[0-9A-Z]{3}$/.test(code) || code === '55P03') return true;
    }
    const message = e instanceof Error ? e.message : '';
    if (TRANSIENT_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}

const NODE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What node-postgres, its pool, Kysely and PGlite say when the database is gone or shut. */
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /cannot use a pool after calling end/i,
  /client has encountered a connection error/i,
  /driver has already been destroyed/i,
  /PGlite is closed/i,
  /connection (?:refused|reset|closed)/i,
];
