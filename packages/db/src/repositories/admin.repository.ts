import type { DbExecutor } from './db-executor';

export interface AdminRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
}

/** The signed-in admin as requests see it (no password hash). */
export interface SessionAdminRecord {
  id: string;
  email: string;
  name: string;
}

/** `email` must already be trimmed and lower-cased (the column holds only lower-case addresses). */
export async function findAdminByEmail(db: DbExecutor, email: string): Promise<AdminRecord | undefined> {
  const row = await db
    .selectFrom('admin_users')
    .select(['id', 'email', 'name', 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
  return row && { id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash };
}

/** Creates the account unless the email exists; returns whether it was created. */
export async function insertAdminIfAbsent(
  db: DbExecutor,
  admin: { email: string; name: string; passwordHash: string },
): Promise<boolean> {
  const row = await db
    .insertInto('admin_users')
    .values({ email: admin.email, name: admin.name, password_hash: admin.passwordHash })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function hasAnyAdmin(db: DbExecutor): Promise<boolean> {
  const row = await db.selectFrom('admin_users').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function insertSession(
  db: DbExecutor,
  session: { tokenHash: string; adminId: string; expiresAt: Date; now: Date },
): Promise<void> {
  await db
    .insertInto('admin_sessions')
    .values({
      token_hash: session.tokenHash,
      admin_id: session.adminId,
      expires_at: session.expiresAt,
      created_at: session.now,
    })
    .execute();
}

export async function deleteSession(db: DbExecutor, tokenHash: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('token_hash', '=', tokenHash).execute();
}

/** The admin a live (unexpired) session belongs to. */
export async function findSessionAdmin(
  db: DbExecutor,
  tokenHash: string,
  now: Date,
): Promise<SessionAdminRecord | undefined> {
  const row = await db
    .selectFrom('admin_sessions as s')
    .innerJoin('admin_users as u', 'u.id', 's.admin_id')
    .select(['u.id', 'u.email', 'u.name'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
  return row;
}

export async function deleteExpiredSessions(db: DbExecutor, now: Date): Promise<number> {
  const result = await db.deleteFrom('admin_sessions').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
