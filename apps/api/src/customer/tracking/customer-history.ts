import type { CustomerHistoryRecord } from '@app/db';
import { oneEntryPerEvent, printableLine } from '@app/shipping';
import { ndrCustomerText, translator, type Language, type Translator } from '@app/shipping/i18n';

/**
 * What the customer's history says, decided here and only here: a fixed sentence per kind of
 * event (an order status, a shipment status, a return pickup's step, an NDR code), or a courier's
 * own scan text. Whatever the team wrote into the record (an override's reason, a cancel note)
 * never reaches this code: the repository does not hand it over (CustomerHistoryRecord).
 */

export type CustomerEventKind = 'milestone' | 'scan' | 'failed_attempt';

export interface CustomerEvent {
  id: string;
  at: Date;
  text: string;
  location: string | null;
  kind: CustomerEventKind;
}

const NDR_PREFIX = 'NDR:';

/** The NDR code of a failed-attempt entry, else null. */
export function ndrCodeOf(entry: Pick<CustomerHistoryRecord, 'carrierStatus'>): string | null {
  return entry.carrierStatus?.startsWith(NDR_PREFIX) ? entry.carrierStatus.slice(NDR_PREFIX.length) : null;
}

/** The customer's sentence for a failed attempt: the NDR table's words for its code, in their language. */
export function failedAttemptText(code: string, language: Language = 'en'): string {
  return ndrCustomerText(code, language);
}

/**
 * The fixed sentences are the catalogues' (`history.order.<status>`, `history.shipment.<status>`,
 * `history.return.<status>` for a return pickup, in the customer's language); a courier's scan
 * stays in the courier's own words.
 */
function eventText(
  entry: CustomerHistoryRecord,
  isFirst: boolean,
  { t, language }: Translator,
): { text: string; kind: CustomerEventKind } {
  const ndrCode = ndrCodeOf(entry);
  if (ndrCode !== null)
    return {
      text: t('history.failedAttempt', { reason: failedAttemptText(ndrCode, language) }),
      kind: 'failed_attempt',
    };
  if (entry.source === 'track')
    return { text: printableLine(entry.scanText ?? '') || t('history.courierUpdate'), kind: 'scan' };
  if (entry.shipmentStatus) {
    const text =
      entry.shipmentDirection === 'return'
        ? t(`history.return.${entry.shipmentStatus}`)
        : t(`history.shipment.${entry.shipmentStatus}`);
    return { text, kind: 'milestone' };
  }
  if (entry.orderStatus) {
    const placed =
      isFirst && entry.source === 'system' && (entry.orderStatus === 'pending' || entry.orderStatus === 'processing');
    return { text: placed ? t('history.placed') : t(`history.order.${entry.orderStatus}`), kind: 'milestone' };
  }
  return { text: t('history.updated'), kind: 'milestone' };
}

/**
 * The customer's history, newest first by the time shown (when it happened, else when we learned
 * it). A push and the courier's scan of the same step are one event, by the rule the admin's
 * history uses too (`oneEntryPerEvent`): the scan stays, with its place and time.
 */
export function customerHistory(
  entries: readonly CustomerHistoryRecord[],
  tr: Translator = translator('en'),
): CustomerEvent[] {
  // The product's one rule for a push and the courier's scan of the same step (oldest first).
  const shown = oneEntryPerEvent(entries);
  // The first entry is the order coming in (the repository keeps at most the newest 100).
  const oldest = [...entries].sort(
    (a, b) => a.recordedAt.getTime() - b.recordedAt.getTime() || Number(a.id) - Number(b.id),
  )[0];
  return shown.reverse().map((entry) => ({
    id: entry.id,
    at: entry.occurredAt ?? entry.recordedAt,
    ...eventText(entry, entry === oldest, tr),
    location: entry.location === null ? null : printableLine(entry.location) || null,
  }));
}
