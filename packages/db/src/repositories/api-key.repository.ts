import type { ApiKey } from '../schema';
import type { DbExecutor } from './db-executor';
import { isRowId } from './ids';

export interface ApiKeyRecord {
  id: string;
  name: string;
  /** The key's first characters, to tell keys apart; never enough to use it. */
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export function toApiKeyRecord(
  row: Pick<ApiKey, 'id' | 'name' | 'prefix' | 'created_at' | 'last_used_at' | 'revoked_at'>,
): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** Stores a new key by its hash; the caller shows the key itself once and forgets it. */
export async function insertApiKey(
  db: DbExecutor,
  input: { name: string; prefix: string; keyHash: string; createdByAdminId: string | null; now: Date },
): Promise<ApiKeyRecord> {
  const row = await db
    .insertInto('api_keys')
    .values({
      name: input.name,
      prefix: input.prefix,
      key_hash: input.keyHash,
      created_by_admin_id: input.createdByAdminId,
      created_at: input.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toApiKeyRecord(row);
}

/** Every key, newest first, revoked ones included (the admin page shows them greyed). */
export async function listApiKeys(db: DbExecutor): Promise<ApiKeyRecord[]> {
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toApiKeyRecord);
}

/** Revokes a key (idempotent: an already revoked key keeps its first revocation time). Undefined when unknown. */
export async function revokeApiKey(db: DbExecutor, id: string, now: Date): Promise<ApiKeyRecord | undefined> {
  if (!isRowId(id)) return undefined;
  await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toApiKeyRecord(row);
}

/** The key with this SHA-256, revoked or not; undefined when no key has it. */
export async function findApiKeyByHash(db: DbExecutor, keyHash: string): Promise<ApiKeyRecord | undefined> {
  const row = await db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
  return row && toApiKeyRecord(row);
}

/**
 * Records that the key was used. At most one write a minute per key: last-used is for people,
 * and a write on every API call would make each request pay for it.
 */
export async function touchApiKey(db: DbExecutor, id: string, now: Date): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now.getTime() - 60_000))]))
    .execute();
}
