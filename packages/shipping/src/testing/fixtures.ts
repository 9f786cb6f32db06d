import type { BookingInput, EstimateInput } from '../icarry/icarry.types';

/** A valid booking; override what a test is about. */
export function bookingInput(overrides: Partial<BookingInput> = {}): BookingInput {
  return {
    pickupAddressId: '1001',
    clientOrderId: 'ORD-1001',
    mode: 'surface',
    consignee: {
      name: 'Asha Rao',
      mobile: '+91 98765 43210',
      address: '12 MG Road, Flat 4, Fort',
      city: 'Mumbai',
      state: 'Maharashtra',
      pincode: '400001',
    },
    parcel: {
      type: 'cod',
      valuePaise: 49900,
      contents: 'Ghee',
      weightGrams: 500,
      lengthCm: 10,
      breadthCm: 10,
      heightCm: 10,
      items: [{ name: 'Ghee 500g', sku: 'GHEE-500', pricePaise: 49900, quantity: 1 }],
    },
    ...overrides,
  };
}

export function estimateInput(overrides: Partial<EstimateInput> = {}): EstimateInput {
  return {
    originPincode: '110001',
    destinationPincode: '400001',
    weightGrams: 500,
    lengthCm: 10,
    breadthCm: 10,
    heightCm: 10,
    mode: 'surface',
    paymentType: 'cod',
    shipmentValuePaise: 49900,
    ...overrides,
  };
}
