import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Constant-time equality for secrets of any length (hashing first hides the length too). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** The token in a customer's tracking link: an HMAC of the order number, so links never expire or need storage. */
export function trackingToken(appSecret: string, orderNumber: string): string {
  return createHmac('sha256', appSecret).update(`track:v1:${orderNumber}`).digest('base64url').slice(0, 24);
}

export function isValidTrackingToken(appSecret: string, orderNumber: string, token: string): boolean {
  return safeEqual(trackingToken(appSecret, orderNumber), token);
}

/** How long the token a customer gets for typing the right phone digits lets the page refresh. */
export const TRACKING_ACCESS_TTL_MS = 30 * 60 * 1000;

function accessSignature(appSecret: string, orderNumber: string, expiresAt: string): string {
  return createHmac('sha256', appSecret)
    .update(`track:access:v1:${orderNumber}:${expiresAt}`)
    .digest('base64url')
    .slice(0, 24);
}

/**
 * A short-lived proof for a page that got in with the phone digits: `a.<expiry>.<hmac>`, so its
 * refreshes need no further guess (and count against nothing). Stateless, like the link token.
 */
export function trackingAccessToken(appSecret: string, orderNumber: string, now: Date): string {
  const expiresAt = Math.floor((now.getTime() + TRACKING_ACCESS_TTL_MS) / 1000).toString(36);
  return `a.${expiresAt}.${accessSignature(appSecret, orderNumber, expiresAt)}`;
}

export function isValidTrackingAccessToken(appSecret: string, orderNumber: string, token: string, now: Date): boolean {
  const [kind, expiresAt, signature, ...rest] = token.split('.');
  if (kind !== 'a' || !expiresAt || !signature || rest.length > 0 || !/^[0-9a-z]{1,10}$/.test(expiresAt)) return false;
  if (parseInt(expiresAt, 36) * 1000 <= now.getTime()) return false;
  return safeEqual(accessSignature(appSecret, orderNumber, expiresAt), signature);
}

export function trackingLink(publicUrl: string, appSecret: string, orderNumber: string): string {
  return `${publicUrl}/order-tracking/${encodeURIComponent(orderNumber)}?t=${trackingToken(appSecret, orderNumber)}`;
}

function confirmSignature(appSecret: string, orderNumber: string, expiresAt: string): string {
  return createHmac('sha256', appSecret)
    .update(`cod-confirm:v1:${orderNumber}:${expiresAt}`)
    .digest('base64url')
    .slice(0, 24);
}

/**
 * The token in a COD confirmation link: `<expiry, base 36 seconds>.<hmac>`, valid until the
 * request expires (then the link shows nothing). Stateless like the tracking link; never the same
 * as a tracking token, so neither opens the other's page.
 */
export function codConfirmToken(appSecret: string, orderNumber: string, expiresAt: Date): string {
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return `${expiry}.${confirmSignature(appSecret, orderNumber, expiry)}`;
}

/** Checks a confirmation token in constant time; false when malformed, forged or past its expiry. */
export function isValidCodConfirmToken(appSecret: string, orderNumber: string, token: string, now: Date): boolean {
  const [expiry, signature, ...rest] = token.split('.');
  if (!expiry || !signature || rest.length > 0 || !/^[0-9a-z]{1,10}$/.test(expiry)) return false;
  const valid = safeEqual(confirmSignature(appSecret, orderNumber, expiry), signature);
  return valid && parseInt(expiry, 36) * 1000 > now.getTime();
}

export function codConfirmLink(publicUrl: string, appSecret: string, orderNumber: string, expiresAt: Date): string {
  return `${publicUrl}/confirm-order/${encodeURIComponent(orderNumber)}?t=${codConfirmToken(appSecret, orderNumber, expiresAt)}`;
}
