import { findInboxEntry, listInboxEntries, requeueInboxEntry, type InboxOutcome } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { applyInboxEntry } from '../shipments/apply-push';

/** What arrived, newest first, for the admin's inbox view (bodies cut to 4,000 characters). */
export async function listInbox(
  deps: AppDeps,
  input: { orderId?: string | undefined; outcome?: InboxOutcome | undefined; limit: number },
) {
  const entries = await listInboxEntries(deps.db, input);
  return entries.map((e) => ({
    id: e.id,
    kind: e.kind,
    receivedAt: e.receivedAt,
    contentType: e.contentType,
    rawBody: e.rawBody.slice(0, 4000),
    outcome: e.outcome,
    outcomeDetail: e.outcomeDetail,
    attempts: e.attempts,
    processedAt: e.processedAt,
    awb: e.awb,
    providerShipmentId: e.providerShipmentId,
    orderId: e.orderId,
  }));
}

/** Re-applies a stored push (e.g. after fixing data). Idempotent: history ranks and note/message keys hold. */
export async function reapplyInbox(deps: AppDeps, input: { inboxId: string }) {
  const entry = await findInboxEntry(deps.db, input.inboxId);
  if (!entry) throw new AppError('INBOX_ENTRY_NOT_FOUND');
  if (entry.outcome !== 'rejected') await requeueInboxEntry(deps.db, input.inboxId);
  const outcome = await applyInboxEntry(deps, input.inboxId);
  return { outcome: outcome ?? 'pending' };
}
