import { insertInboxEntry, markInboxFailed, recordInboxOutcome, type InboxOutcome } from '@app/db';
import { parseICarryPush, pushDedupeKey, pushRefs, type ICarryPushEvent } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { applyPushEvent } from '../shipments/apply-push';
import { storePush } from './store-push';

export interface IngestedPush {
  id: string;
  outcome: InboxOutcome;
  /** Why a push was refused (outcome `rejected`). */
  reason: string | null;
  event: ICarryPushEvent | null;
}

/**
 * Stores a push and applies it in ONE transaction with one commit (one WAL flush per push). When
 * applying fails, that transaction rolls back and the push is stored on its own, as `failed`, for
 * the sweeper: it is kept either way and its sender still gets its 200. (A savepoint would keep it
 * too, at two more round trips on every push that applies.) A push that cannot be read is kept as
 * `rejected`. Only when the database refuses even the plain insert does the sender get an error.
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
      const result = await applyPushEvent(deps, tx, id, dedupeKey, event);
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
    deps.logger.error({ err }, '[WEBHOOK] applying a push failed; it is stored alone and retried');
    const stored = await storePush(deps, input);
    await markInboxFailed(deps.db, stored.id, err instanceof Error ? err.message : String(err));
    return { id: stored.id, outcome: 'failed', reason: null, event };
  }
}
