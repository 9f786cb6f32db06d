import { createHmac } from 'node:crypto';
import { randomToken, safeEqual, sha256 } from '../security/tokens';

/**
 * Sign-in device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): after a
 * successful sign-in the browser gets a cookie naming the account and a random nonce, signed with
 * APP_SECRET. Stateless like the tracking links: only lockouts are stored (login_device_lockouts).
 */
export const DEVICE_COOKIE_PREFIX = 'icarry_device_';
/** Long-lived: the point is that the admin's own browser stays known for months. */
export const DEVICE_COOKIE_TTL_MS = 365 * 24 * 60 * 60 * 1000;

export interface IssuedDeviceCookie {
  name: string;
  value: string;
  expiresAt: Date;
}

function hmac(appSecret: string, text: string): string {
  return createHmac('sha256', appSecret).update(text).digest('base64url');
}

/**
 * One cookie per account, so two admins sharing a browser keep theirs. The name is a keyed hash of
 * the email: it says nothing about who signed in to anyone who reads the cookie names.
 */
export function deviceCookieName(appSecret: string, email: string): string {
  return `${DEVICE_COOKIE_PREFIX}${hmac(appSecret, `login-device-name:v1:${email}`).slice(0, 16)}`;
}

function signature(appSecret: string, email: string, nonce: string, expiresAt: string): string {
  return hmac(appSecret, `login-device:v1:${email}:${nonce}:${expiresAt}`);
}

/** A fresh device cookie for `email` (lower-cased, as sign-in normalises it): `<nonce>.<expiry>.<hmac>`. */
export function issueDeviceCookie(appSecret: string, email: string, now: Date): IssuedDeviceCookie {
  const nonce = randomToken(18);
  const expiresAtMs = now.getTime() + DEVICE_COOKIE_TTL_MS;
  const expiresAt = Math.floor(expiresAtMs / 1000).toString(36);
  return {
    name: deviceCookieName(appSecret, email),
    value: `${nonce}.${expiresAt}.${signature(appSecret, email, nonce, expiresAt)}`,
    expiresAt: new Date(Number.parseInt(expiresAt, 36) * 1000),
  };
}

/**
 * The device a cookie value stands for, when we issued it for this account and it has not
 * expired; null otherwise (forged, altered, another account's, expired, junk). The id is the
 * nonce's SHA-256: what lockouts and counters are keyed on.
 */
export function readDeviceCookie(appSecret: string, email: string, value: string, now: Date): { id: string } | null {
  if (value.length > 200) return null;
  const [nonce, expiresAt, signed, ...rest] = value.split('.');
  if (!nonce || !expiresAt || !signed || rest.length > 0) return null;
  if (!/^[A-Za-z0-9_-]{24}$/.test(nonce) || !/^[0-9a-z]{1,10}$/.test(expiresAt)) return null;
  if (Number.parseInt(expiresAt, 36) * 1000 <= now.getTime()) return null;
  if (!safeEqual(signature(appSecret, email, nonce, expiresAt), signed)) return null;
  return { id: sha256(nonce) };
}
