import type { LabelData, ManifestData, ManifestShipment } from '../document.schema';

/**
 * Builders for labels and manifests in tests, screenshots and the benchmark. The data looks like a
 * real Indian D2C store's: Devanagari and Latin names, long addresses, COD and prepaid.
 */

export const WAREHOUSE = {
  name: 'Foodbay Kitchens Warehouse',
  addressLines: ['Unit 4, Plot 17, Peenya Industrial Area Phase 2', 'Near Peenya Metro Station'],
  city: 'Bengaluru',
  state: 'Karnataka',
  pincode: '560058',
  phone: '8041234567',
};

export function buildLabel(overrides: Partial<LabelData> = {}): LabelData {
  return {
    awb: '1490912345678',
    courierName: 'Delhivery Surface',
    consignee: {
      name: 'राहुल शर्मा',
      addressLines: ['Flat 302, Shanti Apartments, 14th Cross Road', 'Indiranagar 2nd Stage'],
      city: 'Bengaluru',
      state: 'Karnataka',
      pincode: '560038',
      phone: '9876543210',
    },
    payment: { kind: 'cod', amountPaise: 124_900 },
    weightGrams: 500,
    box: { lengthCm: 20, breadthCm: 15, heightCm: 10 },
    orderNumber: 'FB-100123',
    itemCount: 3,
    contents: '2 x Mango pickle 500 g, 1 x Chai masala 100 g',
    returnAddress: WAREHOUSE,
    storeName: 'Foodbay Kitchens',
    bookedAt: new Date('2026-11-25T06:30:00Z'),
    ...overrides,
  };
}

const COURIERS = ['Delhivery Surface', 'Xpressbees', 'Ekart Logistics', 'Blue Dart'];
const CITIES: [string, string][] = [
  ['Mumbai', '400001'],
  ['Pune', '411001'],
  ['जयपुर', '302001'],
  ['Chennai', '600001'],
  ['Lucknow', '226001'],
  ['Kolkata', '700001'],
];

/** The k-th shipment of a generated manifest: couriers, cities and payments in a fixed rotation. */
export function buildManifestShipment(k: number, overrides: Partial<ManifestShipment> = {}): ManifestShipment {
  const [city, pincode] = CITIES[(k * 7 + Math.floor(k / 4) * 3) % CITIES.length] ?? ['Mumbai', '400001'];
  return {
    awb: String(14_909_000_000_00 + k * 7919),
    courierName: COURIERS[k % COURIERS.length] ?? 'Xpressbees',
    orderNumber: `FB-${100_001 + k}`,
    consigneeCity: city,
    consigneePincode: pincode,
    weightGrams: 250 + ((k * 3 + Math.floor(k / 4)) % 8) * 250,
    payment: k % 3 === 0 ? { kind: 'prepaid' } : { kind: 'cod', amountPaise: 29_900 + ((k * 7) % 11) * 5_000 },
    ...overrides,
  };
}

export function buildManifest(count: number, overrides: Partial<ManifestData> = {}): ManifestData {
  return {
    storeName: 'Foodbay Kitchens',
    pickupAddress: WAREHOUSE,
    date: '2026-11-25',
    generatedAt: new Date('2026-11-25T08:35:00Z'),
    shipments: Array.from({ length: count }, (_, k) => buildManifestShipment(k)),
    ...overrides,
  };
}
