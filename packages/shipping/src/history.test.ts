import { describe, expect, it } from 'vitest';
import { oneEntryPerEvent } from './history';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 10, minutes));
const entry = (
  id: number,
  source: string,
  recorded: number,
  occurred: number | null = null,
  carrierStatus: string | null = null,
) => ({
  id: String(id),
  shipmentId: '7',
  source,
  carrierStatus,
  occurredAt: occurred === null ? null : at(occurred),
  recordedAt: at(recorded),
});

describe('oneEntryPerEvent', () => {
  it('a push and the scan of the same step are one event, the scan kept; oldest first by when it happened', () => {
    const booked = entry(1, 'booking', 0);
    const pickedPush = entry(2, 'webhook', 10, null, 'Shipped');
    const transitPush = entry(3, 'webhook', 20, null, 'In Transit');
    // The tracking read at minute 30 lists both steps at the courier's own times (before the pushes).
    const pickedScan = entry(4, 'track', 30, 9);
    const transitScan = entry(5, 'track', 30, 19);
    // A push after the read stays until the next read; a failed attempt always stays.
    const ndr = entry(6, 'webhook', 25, null, 'NDR:CN');
    const laterPush = entry(7, 'webhook', 40, null, 'Out For Delivery');
    const shown = oneEntryPerEvent([booked, pickedPush, transitPush, pickedScan, transitScan, ndr, laterPush]);
    expect(shown.map((e) => e.id)).toEqual(['1', '4', '5', '6', '7']);
  });

  it('without scans every push stays, in the order things happened', () => {
    const shown = oneEntryPerEvent([entry(2, 'webhook', 30, 5), entry(1, 'webhook', 10, 20)]);
    expect(shown.map((e) => e.id)).toEqual(['2', '1']);
  });
});
