import { createHmac } from 'node:crypto';
import { COD_QUICK_REPLIES, type CodQuickReply } from '../messaging/cod-confirmation.messages';
import { safeEqual } from '../../platform/security/tokens';

function sign(appSecret: string, body: string): string {
  return createHmac('sha256', appSecret).update(`cod-reply:v1:${body}`).digest('base64url').slice(0, 16);
}

/**
 * The payload of a quick-reply button on the COD confirmation message: which order and which
 * answer, signed, so a reply can only answer the question our own message asked.
 */
export function codReplyPayload(appSecret: string, orderId: string, answer: CodQuickReply): string {
  const body = `cod.${orderId}.${answer}`;
  return `${body}.${sign(appSecret, body)}`;
}

/** The order and answer a quick-reply payload names, or null when it is not one we signed. */
export function readCodReplyPayload(
  appSecret: string,
  payload: string,
): { orderId: string; answer: CodQuickReply } | null {
  const [kind, orderId, answer, signature, ...rest] = payload.split('.');
  if (kind !== 'cod' || !orderId || !/^\d{1,18}$/.test(orderId) || !signature || rest.length > 0) return null;
  const known = COD_QUICK_REPLIES.find((a) => a === answer);
  if (!known) return null;
  return safeEqual(sign(appSecret, `cod.${orderId}.${known}`), signature) ? { orderId, answer: known } : null;
}
