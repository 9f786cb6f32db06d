import { describe, expect, it } from 'vitest';
import { buildLabelPdf } from './sandbox.label-pdf';
import type { SandboxShipment } from './sandbox.types';

const shipment: SandboxShipment = {
  shipmentId: '249772',
  awb: '142310000249772',
  courierId: '111',
  courierName: 'Xpressbees Surface 0.5Kg',
  courierGroup: 'Xpressbees',
  clientOrderId: 'ORD-1',
  direction: 'forward',
  forwardShipmentId: null,
  reverseShipmentId: null,
  pickup: null,
  returnReason: null,
  mode: 'surface',
  pickupAddressId: '1001',
  pickupId: '7001',
  status: 1,
  originPincode: '110001',
  consignee: {
    name: 'आशा (Rao) \\ 😀',
    mobile: '9876543210',
    address: 'Flat 4\nMG Road',
    city: 'Mumbai',
    state: 'MA',
    pincode: '400001',
  },
  parcel: {
    type: 'Prepaid',
    valuePaise: 49900,
    weightGrams: 500,
    lengthCm: 10,
    breadthCm: 10,
    heightCm: 10,
    contents: 'Ghee',
    items: [{ name: 'Ghee', pid: null, price: '499.00', quantity: 1 }],
  },
  costEstimatePaise: 7620,
  createdAt: '2025-01-23T00:00:00.000Z',
  eddAt: null,
  pickedAt: null,
  deliveredAt: null,
  history: [],
  ndrs: [],
  weightDisputes: [],
};

describe('buildLabelPdf', () => {
  it('writes Latin-1 text only, escaped, one "?" per other character, and masks the phone', () => {
    const text = buildLabelPdf(shipment, 'Warehouse, New Delhi 110001').toString('latin1');
    expect(text).toContain('(??? \\(Rao\\) \\\\ ?) Tj');
    expect(text).toContain('(Flat 4 MG Road) Tj');
    expect(text).toContain('(PREPAID) Tj');
    expect(text).toContain('(Phone ******3210) Tj');
    expect(text).not.toContain('9876543210');
  });

  it('marks a return as such', () => {
    const text = buildLabelPdf({ ...shipment, direction: 'reverse' }, 'x').toString('latin1');
    expect(text).toContain('(RETURN SHIPMENT) Tj');
    expect(text).toContain('(Return to:) Tj');
  });
});
