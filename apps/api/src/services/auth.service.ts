import type { DB } from '@app/db';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { hashPassword, verifyPassword } from '../security/password';
import { hitRateLimit, peekRateLimit } from '../security/rate-limit';
import { randomToken, sha256 } from '../security/tokens';

export const SESSION_COOKIE = 'icarry_admin';
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const LOGIN_LIMIT = { limit: 10, windowSeconds: 15 * 60 };

export interface SessionAdmin {
  id: string;
  email: string;
  name: string;
}

// Burned on unknown emails so a login takes as long whether or not the account exists.
let dummyHash: Promise<string> | undefined;

export async function login(
  deps: AppDeps,
  input: { email: string; password: string; ip: string },
): Promise<{ admin: SessionAdmin; token: string; expiresAt: Date }> {
  const email = input.email.trim().toLowerCase();
  const now = deps.clock.now();
  const buckets = [`login:ip:${input.ip}`, `login:email:${email}`];
  for (const bucket of buckets) {
    if (!(await peekRateLimit(deps.db, { bucket, ...LOGIN_LIMIT, now }))) {
      deps.logger.warn({ bucket: bucket.startsWith('login:ip') ? 'ip' : 'email' }, 'admin login rate-limited');
      throw new AppError('RATE_LIMITED');
    }
  }
  const user = await deps.db.selectFrom('admin_users').selectAll().where('email', '=', email).executeTakeFirst();
  dummyHash ??= hashPassword(randomToken());
  const ok = user
    ? await verifyPassword(input.password, user.password_hash)
    : (await verifyPassword(input.password, await dummyHash), false);
  if (!user || !ok) {
    for (const bucket of buckets) await hitRateLimit(deps.db, { bucket, ...LOGIN_LIMIT, now });
    deps.logger.info({ known: Boolean(user) }, 'admin login failed');
    throw new AppError('INVALID_CREDENTIALS');
  }
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await deps.db
    .insertInto('admin_sessions')
    .values({ token_hash: sha256(token), admin_id: user.id, expires_at: expiresAt, created_at: now })
    .execute();
  deps.logger.info({ adminId: user.id }, 'admin signed in');
  return { admin: { id: user.id, email: user.email, name: user.name }, token, expiresAt };
}

export async function logout(deps: AppDeps, token: string): Promise<void> {
  await deps.db.deleteFrom('admin_sessions').where('token_hash', '=', sha256(token)).execute();
}

export async function findSessionAdmin(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  token: string,
): Promise<SessionAdmin | null> {
  if (token.length < 20 || token.length > 100) return null;
  const row = await deps.db
    .selectFrom('admin_sessions as s')
    .innerJoin('admin_users as u', 'u.id', 's.admin_id')
    .select(['u.id', 'u.email', 'u.name'])
    .where('s.token_hash', '=', sha256(token))
    .where('s.expires_at', '>', deps.clock.now())
    .executeTakeFirst();
  return row ?? null;
}

/** Creates the admin if no account has that email; an existing account's password is left alone. */
export async function ensureAdmin(
  db: Kysely<DB>,
  input: { email: string; password: string; name?: string },
): Promise<{ created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const existing = await db.selectFrom('admin_users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) return { created: false };
  await db
    .insertInto('admin_users')
    .values({
      email,
      name: input.name ?? email.split('@')[0] ?? 'Admin',
      password_hash: await hashPassword(input.password),
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  return { created: true };
}
