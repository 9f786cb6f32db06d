import { insertInboxEntry, type InboxOutcome } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { parseICarryPush, pushDedupeKey, pushRefs, type ICarryPushEvent } from '@app/shipping';

export interface StoredPush {
  id: string;
  outcome: Extract<InboxOutcome, 'pending' | 'rejected'>;
  reason: string | null;
  event: ICarryPushEvent | null;
}

/**
 * Stores the push as received (credentials redacted) before anything acts on it. A push that
 * cannot be read is kept too, as `rejected` with the reason, so the admin sees what arrived.
 */
export async function storePush(
  deps: AppDeps,
  input: { rawBody: string; contentType: string | null; headers: Record<string, string>; body: unknown },
): Promise<StoredPush> {
  const parsed = parseICarryPush(input.body);
  const event = parsed.ok ? parsed.event : null;
  const refs = event ? pushRefs(event) : { shipmentId: null, awb: null, clientOrderId: null };
  const now = deps.clock.now();
  const id = await insertInboxEntry(deps.db, {
    kind: parsed.ok ? parsed.event.kind : parsed.kind,
    receivedAt: now,
    contentType: input.contentType,
    headers: input.headers,
    // PostgreSQL text cannot hold NUL: keep the body readable with NULs written out.
    rawBody: input.rawBody.replaceAll('\u0000', '\\u0000'),
    // The normalised event is what is applied, now and by the sweeper later.
    payload: event,
    dedupeKey: event ? pushDedupeKey(event) : null,
    awb: refs.awb,
    providerShipmentId: refs.shipmentId,
    clientOrderId: refs.clientOrderId,
    outcome: parsed.ok ? 'pending' : 'rejected',
    outcomeDetail: parsed.ok ? null : parsed.reason,
  });
  return { id, outcome: parsed.ok ? 'pending' : 'rejected', reason: parsed.ok ? null : parsed.reason, event };
}
