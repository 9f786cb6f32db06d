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

export function trackingLink(publicUrl: string, appSecret: string, orderNumber: string): string {
  return `${publicUrl}/order-tracking/${encodeURIComponent(orderNumber)}?t=${trackingToken(appSecret, orderNumber)}`;
}
