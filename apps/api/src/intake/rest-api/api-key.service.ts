import { randomBytes } from 'node:crypto';
import { findApiKeyByHash, insertApiKey, listApiKeys, revokeApiKey, touchApiKey, type ApiKeyRecord } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { sha256 } from '../../platform/security/tokens';

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

/** The active key a Bearer header names; null for no header, an unknown key or a revoked one. */
export async function authenticateApiKey(
  deps: AppDeps,
  authorization: string | undefined,
): Promise<ApiKeyRecord | null> {
  const match = /^Bearer\s+(\S{16,200})\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return null;
  const record = await findApiKeyByHash(deps.db, sha256(match[1]));
  if (!record || record.revokedAt !== null) return null;
  const now = deps.clock.now();
  // Last-used is for people: a write at most once a minute, not on every call.
  if (record.lastUsedAt === null || now.getTime() - record.lastUsedAt.getTime() > 60_000) {
    await touchApiKey(deps.db, record.id, now);
  }
  return record;
}
