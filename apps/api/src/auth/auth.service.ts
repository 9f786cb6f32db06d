import {
  deleteSession,
  findAdminByEmail,
  findSessionAdmin as findSessionAdminRow,
  insertAdminIfAbsent,
  insertSession,
  type DbExecutor,
} from '@app/db';
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
  const user = await findAdminByEmail(deps.db, email);
  dummyHash ??= hashPassword(randomToken());
  const ok = user
    ? await verifyPassword(input.password, user.passwordHash)
    : (await verifyPassword(input.password, await dummyHash), false);
  if (!user || !ok) {
    for (const bucket of buckets) await hitRateLimit(deps.db, { bucket, ...LOGIN_LIMIT, now });
    deps.logger.info({ known: Boolean(user) }, 'admin login failed');
    throw new AppError('INVALID_CREDENTIALS');
  }
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await insertSession(deps.db, { tokenHash: sha256(token), adminId: user.id, expiresAt, now });
  deps.logger.info({ adminId: user.id }, 'admin signed in');
  return { admin: { id: user.id, email: user.email, name: user.name }, token, expiresAt };
}

export async function logout(deps: AppDeps, token: string): Promise<void> {
  await deleteSession(deps.db, sha256(token));
}

export async function findSessionAdmin(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  token: string,
): Promise<SessionAdmin | null> {
  if (token.length < 20 || token.length > 100) return null;
  return (await findSessionAdminRow(deps.db, sha256(token), deps.clock.now())) ?? null;
}

/** Creates the admin if no account has that email; an existing account's password is left alone. */
export async function ensureAdmin(
  db: DbExecutor,
  input: { email: string; password: string; name?: string },
): Promise<{ created: boolean }> {
  const email = input.email.trim().toLowerCase();
  if (await findAdminByEmail(db, email)) return { created: false };
  const created = await insertAdminIfAbsent(db, {
    email,
    name: input.name ?? email.split('@')[0] ?? 'Admin',
    passwordHash: await hashPassword(input.password),
  });
  return { created };
}
