import {
  deleteSession,
  findAdminByEmail,
  findSessionAdmin as findSessionAdminRow,
  insertAdminIfAbsent,
  insertSession,
  recordSignIn,
  type DbExecutor,
} from '@app/db';
import type { AppDeps } from '../core/deps';
import { AppError } from '../core/errors';
import { hashPassword, verifyPassword } from '../security/password';
import { hitRateLimit } from '../security/rate-limit';
import { randomToken, sha256 } from '../security/tokens';

export const SESSION_COOKIE = 'icarry_admin';
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Sign-in attempts per client address per window, checked or not. */
export const LOGIN_PER_ADDRESS = { limit: 10, windowSeconds: 15 * 60 };
/** Attempts per account per window (all addresses) before the account slows down. */
export const ACCOUNT_ATTEMPTS = { limit: 10, windowSeconds: 15 * 60 };
export const ACCOUNT_BACKOFF_SECONDS = 10;

export interface SessionAdmin {
  id: string;
  email: string;
  name: string;
}

// Burned on unknown emails so a login takes as long whether or not the account exists.
let dummyHash: Promise<string> | undefined;

/**
 * Sign-in attempts are counted BEFORE the password is checked, each with one atomic upsert, so a
 * batch or a burst of concurrent guesses cannot slip past the counter:
 * - per client address (IPv4, or IPv6 /64): LOGIN_PER_ADDRESS.limit attempts per window, then refused unchecked;
 * - per account, from every address together: past ACCOUNT_ATTEMPTS.limit attempts in a window the
 *   account slows to one check per ACCOUNT_BACKOFF_SECONDS. That is backoff, not a lock-out: the
 *   real admin still gets in from another address, at worst a few seconds later.
 */
export async function login(
  deps: AppDeps,
  input: { email: string; password: string; ip: string; userAgent?: string | null },
): Promise<{ admin: SessionAdmin; token: string; expiresAt: Date }> {
  const email = input.email.trim().toLowerCase();
  const now = deps.clock.now();
  const perAddress = await hitRateLimit(deps.db, { bucket: `login:ip:${input.ip}`, ...LOGIN_PER_ADDRESS, now });
  if (!perAddress.allowed) {
    deps.logger.warn({ limit: 'address' }, 'admin login refused: too many attempts from this address');
    throw new AppError('RATE_LIMITED');
  }
  const perAccount = await hitRateLimit(deps.db, { bucket: `login:account:${email}`, ...ACCOUNT_ATTEMPTS, now });
  if (!perAccount.allowed) {
    const slot = await hitRateLimit(deps.db, {
      bucket: `login:account-slow:${email}`,
      limit: 1,
      windowSeconds: ACCOUNT_BACKOFF_SECONDS,
      now,
    });
    if (!slot.allowed) {
      deps.logger.warn({ limit: 'account' }, 'admin login refused: the account is in backoff after many attempts');
      throw new AppError('RATE_LIMITED', {
        userMessage: `Too many sign-in attempts for this account. Try again in ${ACCOUNT_BACKOFF_SECONDS} seconds.`,
      });
    }
  }
  const user = await findAdminByEmail(deps.db, email);
  dummyHash ??= hashPassword(randomToken());
  const ok = user
    ? await verifyPassword(input.password, user.passwordHash)
    : (await verifyPassword(input.password, await dummyHash), false);
  if (!user || !ok) {
    deps.logger.info({ known: Boolean(user) }, 'admin login failed');
    throw new AppError('INVALID_CREDENTIALS');
  }
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const userAgent = input.userAgent ? input.userAgent.slice(0, 200) : null;
  await insertSession(deps.db, {
    tokenHash: sha256(token),
    adminId: user.id,
    expiresAt,
    now,
    client: input.ip,
    userAgent,
  });
  await recordSignIn(deps.db, { adminId: user.id, at: now, client: input.ip, userAgent });
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

/**
 * Creates the admin if no account has that email; an existing account's password is left alone
 * (`passwordMatches` says whether the given one is still its password).
 */
export async function ensureAdmin(
  db: DbExecutor,
  input: { email: string; password: string; name?: string },
): Promise<{ created: boolean; passwordMatches: boolean }> {
  const email = input.email.trim().toLowerCase();
  const existing = await findAdminByEmail(db, email);
  if (existing) return { created: false, passwordMatches: await verifyPassword(input.password, existing.passwordHash) };
  const created = await insertAdminIfAbsent(db, {
    email,
    name: input.name ?? email.split('@')[0] ?? 'Admin',
    passwordHash: await hashPassword(input.password),
  });
  return { created, passwordMatches: true };
}
