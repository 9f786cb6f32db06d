import {
  deleteSession,
  findAdminByEmail,
  findSessionAdmin as findSessionAdminRow,
  insertAdminIfAbsent,
  insertSession,
  isLoginDeviceLockedOut,
  lockOutLoginDevice,
  pruneLoginDeviceLockouts,
  recordSignIn,
  type DbExecutor,
} from '@app/db';
import type { AppDeps } from '../core/deps';
import { AppError } from '../core/errors';
import { hashPassword, verifyPassword } from '../security/password';
import { hitRateLimit, type RateLimitResult } from '../security/rate-limit';
import { deviceCookieName, issueDeviceCookie, readDeviceCookie, type IssuedDeviceCookie } from './device-cookie';
import { randomToken, sha256 } from '../security/tokens';

export const SESSION_COOKIE = 'icarry_admin';
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Sign-in attempts per client address per window, checked or not (attempts without a device cookie). */
export const LOGIN_PER_ADDRESS = { limit: 10, windowSeconds: 15 * 60 };
/** Attempts per account per window (all addresses) before the account slows down (without a device cookie). */
export const ACCOUNT_ATTEMPTS = { limit: 10, windowSeconds: 15 * 60 };
export const ACCOUNT_BACKOFF_SECONDS = 10;
/** Wrong passwords one device cookie may send per window; the one that reaches the limit locks it out. */
export const DEVICE_FAILURES = { limit: 5, windowSeconds: 60 * 60 };
export const DEVICE_LOCKOUT_SECONDS = 60 * 60;

export interface SessionAdmin {
  id: string;
  email: string;
  name: string;
}

// Burned on unknown emails so a login takes as long whether or not the account exists.
let dummyHash: Promise<string> | undefined;

/**
 * The untrusted path (no valid device cookie for this account): attempts are counted BEFORE the
 * password is checked, each with one atomic upsert, so a batch or a burst of concurrent guesses
 * cannot slip past the counter:
 * - per client address (IPv4, or IPv6 /64): LOGIN_PER_ADDRESS.limit attempts per window, then refused unchecked;
 * - per account, from every address together: past ACCOUNT_ATTEMPTS.limit attempts in a window the
 *   account slows to one check per ACCOUNT_BACKOFF_SECONDS.
 */
async function admitUntrusted(deps: AppDeps, email: string, ip: string, now: Date): Promise<void> {
  const perAddress = await hitRateLimit(deps.db, { bucket: `login:ip:${ip}`, ...LOGIN_PER_ADDRESS, now });
  if (!perAddress.allowed) {
    deps.logger.warn({ limit: 'address' }, 'admin login refused: too many attempts from this address');
    throw new AppError('RATE_LIMITED');
  }
  const perAccount = await hitRateLimit(deps.db, { bucket: `login:account:${email}`, ...ACCOUNT_ATTEMPTS, now });
  if (perAccount.allowed) return;
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

/**
 * The trusted path: a device cookie this account was given at a successful sign-in, not locked
 * out, counted per cookie (before the check, like the untrusted path) and nowhere else, so guesses
 * from elsewhere never slow this browser down. Null when the cookie is locked out or has just used
 * up its attempts (it is then locked out, and the attempt goes the untrusted way).
 */
async function admitTrustedDevice(deps: AppDeps, deviceId: string, now: Date): Promise<RateLimitResult | null> {
  if (await isLoginDeviceLockedOut(deps.db, deviceId, now)) {
    deps.logger.warn({ limit: 'device' }, 'admin login: this device cookie is locked out; treated as unknown');
    return null;
  }
  const hit = await hitRateLimit(deps.db, { bucket: `login:device:${deviceId}`, ...DEVICE_FAILURES, now });
  if (hit.allowed) return hit;
  await lockOutDevice(deps, deviceId, now);
  return null;
}

async function lockOutDevice(deps: AppDeps, deviceId: string, now: Date): Promise<void> {
  await lockOutLoginDevice(deps.db, deviceId, new Date(now.getTime() + DEVICE_LOCKOUT_SECONDS * 1000));
  deps.logger.warn({ limit: 'device' }, 'admin login: a device cookie sent too many wrong passwords and is locked out');
}

/**
 * Signs an admin in (OWASP's device-cookie scheme). An attempt carrying a valid device cookie for
 * this account is limited per device cookie only (DEVICE_FAILURES, then locked out for
 * DEVICE_LOCKOUT_SECONDS); every other attempt takes the untrusted path's limits (admitUntrusted).
 * So an attacker guessing from any number of addresses slows down only the untrusted path, and
 * the admin's own browser still gets in at once. A successful sign-in hands out a fresh device cookie.
 */
export async function login(
  deps: AppDeps,
  input: {
    email: string;
    password: string;
    ip: string;
    userAgent?: string | null;
    /** The request's cookies: the device cookie for this account is read from them. */
    cookies?: Readonly<Record<string, string | undefined>>;
  },
): Promise<{ admin: SessionAdmin; token: string; expiresAt: Date; device: IssuedDeviceCookie }> {
  const email = input.email.trim().toLowerCase();
  const now = deps.clock.now();
  const appSecret = deps.secrets.appSecret;
  const presented = input.cookies?.[deviceCookieName(appSecret, email)];
  const device = presented ? readDeviceCookie(appSecret, email, presented, now) : null;
  const trusted = device ? await admitTrustedDevice(deps, device.id, now) : null;
  if (!trusted) await admitUntrusted(deps, email, input.ip, now);

  const user = await findAdminByEmail(deps.db, email);
  dummyHash ??= hashPassword(randomToken());
  const ok = user
    ? await verifyPassword(input.password, user.passwordHash)
    : (await verifyPassword(input.password, await dummyHash), false);
  if (!user || !ok) {
    deps.logger.info({ known: Boolean(user), device: Boolean(trusted) }, 'admin login failed');
    if (trusted && device && trusted.hits >= DEVICE_FAILURES.limit) await lockOutDevice(deps, device.id, now);
    throw new AppError('INVALID_CREDENTIALS');
  }
  // Right: this attempt counts against nothing.
  await trusted?.refund();
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
  deps.logger.info({ adminId: user.id, device: Boolean(trusted) }, 'admin signed in');
  return {
    admin: { id: user.id, email: user.email, name: user.name },
    token,
    expiresAt,
    device: issueDeviceCookie(appSecret, email, now),
  };
}

/** Forgets device lockouts that have run out (the maintenance job). */
export async function pruneDeviceLockouts(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<void> {
  await pruneLoginDeviceLockouts(deps.db, deps.clock.now());
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
