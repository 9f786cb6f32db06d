import { createHmac } from 'node:crypto';
import type { NdrQuickReply } from '../messaging/message.templates';
import { safeEqual } from '../../platform/security/tokens';

const ACTIONS: readonly NdrQuickReply[] = ['reattempt_tomorrow', 'cancel'];

function sign(appSecret: string, body: string): string {
  return createHmac('sha256', appSecret).update(`ndr-reply:v1:${body}`).digest('base64url').slice(0, 16);
}

/**
 * The payload of a quick-reply button on the NDR message: which NDR event and which answer, signed,
 * so a reply can only answer the event our own message asked about.
 */
export function ndrReplyPayload(appSecret: string, ndrNoteId: string, action: NdrQuickReply): string {
  const body = `ndr.${ndrNoteId}.${action}`;
  return `${body}.${sign(appSecret, body)}`;
}

/** The event and answer a quick-reply payload names, or null when it is not one we signed. */
export function readNdrReplyPayload(
  appSecret: string,
  payload: string,
): { ndrNoteId: string; action: NdrQuickReply } | null {
  const [kind, noteId, action, signature, ...rest] = payload.split('.');
  if (kind !== 'ndr' || !noteId || !/^\d{1,18}$/.test(noteId) || !signature || rest.length > 0) return null;
  const known = ACTIONS.find((a) => a === action);
  if (!known) return null;
  return safeEqual(sign(appSecret, `ndr.${noteId}.${known}`), signature) ? { ndrNoteId: noteId, action: known } : null;
}
