import { storeInboxEntry, type InboxOutcome } from '@app/db';
import { parseICarryPush, pushDedupeKey, pushRefs, type ICarryPushEvent } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';

export interface IngestedPush {
  /** The inbox row: the one stored now, or the one a repeat of this push was stored as. */
  id: string | null;
  /** `pending` (stored; applied off the request), `duplicate` (already stored) or `rejected`. */
  outcome: Extract<InboxOutcome, 'pending' | 'duplicate' | 'rejected'>;
  /** Why a push was refused (outcome `rejected`). */
  reason: string | null;
  event: ICarryPushEvent | null;
}

/**
 * The webhook's whole database work: ONE statement and one commit. The push is stored as received
 * (credentials redacted by the route), with the refs it names, deduplicated on its key (a repeat
 * stores nothing and is answered with the first copy's id), and the in-process applier is kicked
 * to apply it at once (shipping/inbox/inbox-applier.ts), off the request. Anything that needs the
 * database to decide (which shipment, whether the status moves) happens there and is recorded on
 * the row. A push that cannot be read is kept as `rejected` with the reason, so the admin sees what
 * arrived. Only when the database refuses the insert does the sender get an error (it retries).
 */
export async function ingestPush(
  deps: AppDeps,
  input: { rawBody: string; contentType: string | null; headers: Record<string, string>; body: unknown },
): Promise<IngestedPush> {
  const parsed = parseICarryPush(input.body);
  const event = parsed.ok ? parsed.event : null;
  const refs = event ? pushRefs(event) : { shipmentId: null, awb: null, clientOrderId: null };
  const reason = parsed.ok ? null : parsed.reason;
  const stored = await storeInboxEntry(deps.db, {
    kind: parsed.ok ? parsed.event.kind : parsed.kind,
    receivedAt: deps.clock.now(),
    contentType: input.contentType,
    headers: input.headers,
    // PostgreSQL text cannot hold NUL: keep the body readable with NULs written out.
    // The push is stored once, as it arrived: the applier reads its event from it again
    // (readInboxEvent, with the parsers used here), not from a second, parsed copy.
    rawBody: input.rawBody.replaceAll('\u0000', '\\u0000'),
    dedupeKey: event ? pushDedupeKey(event) : null,
    awb: refs.awb,
    providerShipmentId: refs.shipmentId,
    clientOrderId: refs.clientOrderId,
    outcome: event ? 'pending' : 'rejected',
    outcomeDetail: reason,
  });
  if (!event) return { id: stored.id, outcome: 'rejected', reason, event: null };
  if (!stored.inserted) return { id: stored.id, outcome: 'duplicate', reason: null, event };
  deps.inbox.kick();
  return { id: stored.id, outcome: 'pending', reason: null, event };
}
