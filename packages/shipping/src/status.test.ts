import { describe, expect, it } from 'vitest';
import { ICARRY_STATUS_CODES, isForwardShipmentMove, mapICarryStatus } from './status';

describe('mapICarryStatus', () => {
  it('maps every code in the table, from numbers and numeric strings', () => {
    for (const code of Object.keys(ICARRY_STATUS_CODES)) {
      expect(mapICarryStatus(code).kind).toBe('known');
      expect(mapICarryStatus(Number(code)).kind).toBe('known');
    }
    expect(mapICarryStatus('21')).toMatchObject({ kind: 'known', status: 'delivered', orderStatus: 'delivered' });
    expect(mapICarryStatus(' 26 ')).toMatchObject({ kind: 'known', status: 'out_for_delivery' });
    expect(mapICarryStatus('23')).toMatchObject({ status: 'rto_delivered', orderStatus: 'returned' });
  });

  it.each(['0', '99', '', 'Delivered', '21a', '2.1', null, undefined, '-21'])(
    '%s is unknown, never delivered',
    (raw) => {
      const mapping = mapICarryStatus(raw);
      expect(mapping.kind).toBe('unknown');
      expect(JSON.stringify(mapping)).not.toContain('delivered');
    },
  );

  it('moves forward only', () => {
    expect(isForwardShipmentMove('in_transit', 'out_for_delivery')).toBe(true);
    expect(isForwardShipmentMove('out_for_delivery', 'in_transit')).toBe(false);
    expect(isForwardShipmentMove('delivered', 'in_transit')).toBe(false);
  });
});
