import { randomBytes } from 'node:crypto';
import {
  findApiKeyByHash,
  insertApiKey,
  listApiKeys,
  openApiWrite,
  revokeApiKey,
  touchApiKey,
  type ApiKeyRecord,
  type OpenApiWriteInput,
  type OpenedClaim,
} from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { sha256 } from '../../platform/security/tokens';
import { windowStart } from '../../platform/security/rate-limit';
import { IDEMPOTENCY_ABANDONED_MS, IDEMPOTENCY_KEY_TTL_MS } from '../orders/idempotency.rules';

/** Characters of the key kept in the clear so an admin can tell keys apart. */
const SHOWN_PREFIX_LENGTH = 12;

/**
 * A new store API key: `sk_live_` (or `sk_test_` in sandbox mode) and 32 random bytes. The key is
 * returned once; only its SHA-256 is stored, which is enough for 256 random bits. Every key has
 * one scope, the orders the REST API brought in (intake/orders/api-scope.ts).
 */
export async function createApiKey(
  deps: AppDeps,
  input: { name: string; adminId: string },
): Promise<{ id: string; name: string; key: string; prefix: string }> {
  const key = `${deps.config.mode === 'live' ? 'sk_live_' : 'sk_test_'}${randomBytes(32).toString('base64url')}`;
  const record = await insertApiKey(deps.db, {
    name: input.name,
    prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
    keyHash: sha256(key),
    createdByAdminId: input.adminId,
    now: deps.clock.now(),
  });
  deps.logger.info({ apiKeyId: record.id, prefix: record.prefix }, 'store API key created');
  return { id: record.id, name: record.name, key, prefix: record.prefix };
}

export function listStoreApiKeys(deps: AppDeps): Promise<ApiKeyRecord[]> {
  return listApiKeys(deps.db);
}

export async function revokeStoreApiKey(deps: AppDeps, id: string): Promise<ApiKeyRecord> {
  const record = await revokeApiKey(deps.db, id, deps.clock.now());
  if (!record) throw new AppError('API_KEY_NOT_FOUND');
  deps.logger.info({ apiKeyId: record.id, prefix: record.prefix }, 'store API key revoked');
  return record;
}

/** The key a Bearer header carries; null when there is none or it cannot be a key. */
function bearerKey(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S{16,200})\s*$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

/** The rate limit of the Orders API: per key, per minute (API_REQUESTS_PER_MINUTE). */
export const API_RATE_WINDOW_SECONDS = 60;
export function apiRateBucket(apiKeyId: string): string {
  return `api:key:${apiKeyId}`;
}

export type OpenedApiWrite =
  | { outcome: 'unauthenticated' }
  | { outcome: 'rate_limited'; limit: number }
  | { outcome: 'open'; key: ApiKeyRecord; claim: OpenedClaim | null };

/**
 * A write through the Orders API up to its idempotency claim, in one statement (openApiWrite): the
 * key (authenticateApiKey's rules, last-used once a minute), the per-key rate limit
 * (API_REQUESTS_PER_MINUTE, counted for every authenticated call as before) and, for a request
 * whose key header and body passed their checks (`claim`), the claim of its Idempotency-Key; for
 * a create (`claim.newOrder`), the new order's id and number and the outbox reads with it.
 */
export async function openApiWriteRequest(
  deps: AppDeps,
  authorization: string | undefined,
  claim: { key: string; fingerprint: string; newOrder?: OpenApiWriteInput['newOrder'] } | null,
): Promise<OpenedApiWrite> {
  const key = bearerKey(authorization);
  if (key === null) return { outcome: 'unauthenticated' };
  const now = deps.clock.now();
  const limit = deps.config.apiRequestsPerMinute;
  const opened = await openApiWrite(deps.db, {
    keyHash: sha256(key),
    bucketPrefix: apiRateBucket(''),
    windowStart: windowStart({ windowSeconds: API_RATE_WINDOW_SECONDS, now }),
    limit,
    claim: claim && {
      key: claim.key,
      fingerprint: claim.fingerprint,
      abandonedBefore: new Date(now.getTime() - IDEMPOTENCY_ABANDONED_MS),
      expiredBefore: new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS),
    },
    now,
    newOrder: claim?.newOrder,
  });
  if (!opened.key || opened.key.revokedAt !== null) return { outcome: 'unauthenticated' };
  if (opened.hits > limit) return { outcome: 'rate_limited', limit };
  return { outcome: 'open', key: opened.key, claim: opened.claim };
}

/** The active key a Bearer header names; null for no header, an unknown key or a revoked one. */
export async function authenticateApiKey(
  deps: AppDeps,
  authorization: string | undefined,
): Promise<ApiKeyRecord | null> {
  const key = bearerKey(authorization);
  if (key === null) return null;
  const record = await findApiKeyByHash(deps.db, sha256(key));
  if (!record || record.revokedAt !== null) return null;
  const now = deps.clock.now();
  // Last-used is for people: a write at most once a minute, not on every call.
  if (record.lastUsedAt === null || now.getTime() - record.lastUsedAt.getTime() > 60_000) {
    await touchApiKey(deps.db, record.id, now);
  }
  return record;
}
