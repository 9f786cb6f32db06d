import { insertInboxEntry, markInboxFailed, recordInboxOutcome, withSavepoint, type InboxOutcome } from '@app/db';
import { parseICarryPush, pushDedupeKey, pushRefs, type ICarryPushEvent } from '@app/shipping';
import type { AppDeps } from '../deps';
import { applyInboxEntry, applyPushEvent } from '../shipments/apply-push';
import { storePush } from './store-push';

export interface IngestedPush {
  id: string;
  outcome: InboxOutcome;
  /** Why a push was refused (outcome `rejected`). */
  reason: string | null;
  event: ICarryPushEvent | null;
}

/**
 * Stores a push and applies it in ONE transaction with one commit: the inbox row is written first
 * and applying runs in a savepoint, so a push that fails to apply is still kept (as `failed`, for
 * the sweeper) and its sender still gets its 200. A push that cannot be read is kept as `rejected`.
 * Should the transaction itself fail (the database went away mid-way), the push is stored on its
 * own and applied later; only when even that fails is it refused, so the sender retries.
 */
export async function ingestPush(
  deps: AppDeps,
  input: { rawBody: string; contentType: string | null; headers: Record<string, string>; body: unknown },
): Promise<IngestedPush> {
  const parsed = parseICarryPush(input.body);
  if (!parsed.ok) {
    const stored = await storePush(deps, input);
    return { id: stored.id, outcome: stored.outcome, reason: stored.reason, event: null };
  }
  const event = parsed.event;
  const refs = pushRefs(event);
  const dedupeKey = pushDedupeKey(event);
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const now = deps.clock.now();
      const id = await insertInboxEntry(tx, {
        kind: event.kind,
        receivedAt: now,
        contentType: input.contentType,
        headers: input.headers,
        rawBody: input.rawBody.replaceAll('\u0000', '\\u0000'),
        payload: event,
        dedupeKey,
        awb: refs.awb,
        providerShipmentId: refs.shipmentId,
        clientOrderId: refs.clientOrderId,
        outcome: 'pending',
        outcomeDetail: null,
      });
      const applied = await withSavepoint(tx, () => applyPushEvent(deps, tx, id, dedupeKey, event));
      if (!applied.ok) {
        deps.logger.error(
          { err: applied.error, inboxId: id },
          '[WEBHOOK] applying a push failed; it is kept and retried',
        );
        const message = applied.error instanceof Error ? applied.error.message : String(applied.error);
        await markInboxFailed(tx, id, message);
        return { id, outcome: 'failed' as const, reason: null, event };
      }
      const result = applied.value;
      await recordInboxOutcome(tx, id, {
        outcome: result.outcome,
        detail: result.detail,
        orderId: result.orderId,
        shipmentId: result.shipmentId,
        attempts: 1,
        processedAt: result.outcome === 'deferred' ? null : now,
      });
      return { id, outcome: result.outcome, reason: null, event };
    });
  } catch (err) {
    deps.logger.error({ err }, '[WEBHOOK] storing and applying a push in one go failed; storing it alone');
    const stored = await storePush(deps, input);
    const outcome = (await applyInboxEntry(deps, stored.id)) ?? 'pending';
    return { id: stored.id, outcome, reason: stored.reason, event };
  }
}
