/** A valid Orders API body (a COD order of two items, one SKU new to the catalogue); tests override fields. */
export function orderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalId: 'WEB-5001',
    orderNumber: '#5001',
    paymentMethod: 'cod',
    customer: { name: 'Asha Raman', phone: '+91 98765 43210', email: 'Asha@Example.com', whatsappOptIn: true },
    shippingAddress: { line1: '14, 2nd Cross, Indiranagar', city: 'Bengaluru', state: 'KA', pincode: '560 038' },
    items: [
      { sku: 'PKL-AVAKAYA-500', name: 'Andhra Avakaya Mango Pickle', quantity: 2, unitPrice: '349.00', weight: '500g' },
      { sku: 'API-NEW-SKU-1', name: 'Brand New Podi', quantity: 1, unitPrice: '199.50' },
    ],
    shippingCharge: '49.00',
    ...overrides,
  };
}
