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
  session: {
    tokenHash: string;
    adminId: string;
    expiresAt: Date;
    now: Date;
    client?: string | null;
    userAgent?: string | null;
  },
): Promise<void> {
  await db
    .insertInto('admin_sessions')
    .values({
      token_hash: session.tokenHash,
      admin_id: session.adminId,
      expires_at: session.expiresAt,
      created_at: session.now,
      client: session.client ?? null,
      user_agent: session.userAgent ?? null,
    })
    .execute();
}

export async function recordSignIn(
  db: DbExecutor,
  signIn: { adminId: string; at: Date; client: string; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto('admin_sign_ins')
    .values({ admin_id: signIn.adminId, signed_in_at: signIn.at, client: signIn.client, user_agent: signIn.userAgent })
    .execute();
}

export interface SignInRecord {
  signedInAt: Date;
  client: string;
  userAgent: string | null;
}

export async function listRecentSignIns(db: DbExecutor, adminId: string, limit: number): Promise<SignInRecord[]> {
  const rows = await db
    .selectFrom('admin_sign_ins')
    .select(['signed_in_at', 'client', 'user_agent'])
    .where('admin_id', '=', adminId)
    .orderBy('signed_in_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ signedInAt: r.signed_in_at, client: r.client, userAgent: r.user_agent }));
}

export interface SessionRecord {
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  client: string | null;
  userAgent: string | null;
}

export async function listLiveSessions(db: DbExecutor, adminId: string, now: Date): Promise<SessionRecord[]> {
  const rows = await db
    .selectFrom('admin_sessions')
    .select(['token_hash', 'created_at', 'expires_at', 'client', 'user_agent'])
    .where('admin_id', '=', adminId)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    tokenHash: r.token_hash,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    client: r.client,
    userAgent: r.user_agent,
  }));
}

/** Ends the account's sessions, all of them or all but `keepTokenHash`; returns how many ended. */
export async function deleteAdminSessions(
  db: DbExecutor,
  adminId: string,
  options: { keepTokenHash?: string } = {},
): Promise<number> {
  let query = db.deleteFrom('admin_sessions').where('admin_id', '=', adminId);
  if (options.keepTokenHash) query = query.where('token_hash', '<>', options.keepTokenHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function setAdminPassword(
  db: DbExecutor,
  adminId: string,
  change: { passwordHash: string; now: Date },
): Promise<void> {
  await db
    .updateTable('admin_users')
    .set({ password_hash: change.passwordHash, password_changed_at: change.now })
    .where('id', '=', adminId)
    .execute();
}

export async function pruneSignInsBefore(db: DbExecutor, before: Date): Promise<number> {
  const result = await db.deleteFrom('admin_sign_ins').where('signed_in_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
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
