/**
 * The history's one rule for "the same event twice", used by the admin's Order Details and the
 * customer's tracking page alike. iCarry tells us about a step twice: its status push (source
 * `webhook`, or `sync` when we asked) and, once we read the shipment's tracking, the courier's scan
 * of it (source `track`, with the place and the courier's time). A scan list read at time T holds
 * every step up to T, so a push we recorded before T is the same event as one of its scans: the
 * scan stays (it says where and when), the push goes. A push after the last read stays until the
 * next read. Failed attempts (NDR) and everything that is not a push (booking, the store's
 * changes, the admin's) always stay. Then oldest first by when it happened (the courier's time,
 * else when we learned it).
 */
export interface HistoryEventLike {
  id: string;
  shipmentId: string | null;
  source: string;
  carrierStatus: string | null;
  occurredAt: Date | null;
  recordedAt: Date;
}

/** When the event happened, else when we learned it. */
export function historyEventTime(entry: Pick<HistoryEventLike, 'occurredAt' | 'recordedAt'>): number {
  return (entry.occurredAt ?? entry.recordedAt).getTime();
}

export function oneEntryPerEvent<T extends HistoryEventLike>(entries: readonly T[]): T[] {
  const scannedUntil = new Map<string, number>();
  for (const entry of entries) {
    if (entry.source !== 'track' || entry.shipmentId === null) continue;
    const at = entry.recordedAt.getTime();
    scannedUntil.set(entry.shipmentId, Math.max(scannedUntil.get(entry.shipmentId) ?? at, at));
  }
  return entries
    .filter((entry) => {
      if (entry.source !== 'webhook' && entry.source !== 'sync') return true;
      if (entry.carrierStatus?.startsWith('NDR:')) return true;
      const until = entry.shipmentId === null ? undefined : scannedUntil.get(entry.shipmentId);
      return until === undefined || entry.recordedAt.getTime() > until;
    })
    .sort((a, b) => historyEventTime(a) - historyEventTime(b) || Number(a.id) - Number(b.id));
}
