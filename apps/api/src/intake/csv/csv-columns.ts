/**
 * The columns an orders CSV may have: Shiprocket's bulk-order headers (merchants already have
 * such files; reference/order-intake.md s.3) and the product's simpler template. Headers are
 * matched case-insensitively ignoring `*`, spaces and punctuation, so "*Order Id", "Order ID"
 * and "order_id" are one column.
 */
export type CsvField =
  | 'orderId'
  | 'orderNumber'
  | 'orderDate'
  | 'status'
  | 'paymentMethod'
  | 'codAmount'
  | 'customerName'
  | 'firstName'
  | 'lastName'
  | 'phone'
  | 'alternatePhone'
  | 'email'
  | 'language'
  | 'line1'
  | 'line2'
  | 'landmark'
  | 'country'
  | 'state'
  | 'city'
  | 'pincode'
  | 'sku'
  | 'productName'
  | 'quantity'
  | 'unitPrice'
  | 'unitDiscount'
  | 'weight'
  | 'shipmentWeightKg'
  | 'lengthCm'
  | 'breadthCm'
  | 'heightCm'
  | 'shippingCharge'
  | 'orderDiscount'
  | 'codCharges'
  | 'partialCod'
  | 'paidAmount'
  | 'giftWrapCharges'
  | 'transactionFee'
  | 'note';

const ALIASES: Record<CsvField, readonly string[]> = {
  orderId: ['orderid'],
  orderNumber: ['ordernumber'],
  orderDate: ['orderdate', 'orderdateasddmmyyyyhhmm', 'orderdateddmmyyyy', 'placedat'],
  status: ['status', 'orderstatus'],
  paymentMethod: ['paymentmethod', 'paymentmethodcodprepaid'],
  codAmount: ['codamount'],
  customerName: ['customername', 'buyersname'],
  firstName: ['customerfirstname', 'buyersfirstname'],
  lastName: ['customerlastname', 'buyerslastname'],
  phone: ['customermobile', 'phone', 'mobile', 'customerphone', 'buyersmobileno', 'buyersmobilenumber'],
  alternatePhone: [
    'customeralternatemobile',
    'buyersalternatemobilenumber',
    'buyersalternatemobileno',
    'alternatemobile',
    'alternatemobilenumber',
    'alternatephone',
  ],
  email: ['emailoptional', 'email', 'customeremail', 'buyersemail'],
  language: ['language', 'customerlanguage', 'customerlocale', 'locale'],
  line1: ['shippingaddressline1', 'addressline1', 'shippingcompleteaddress'],
  line2: ['shippingaddressline2', 'addressline2'],
  landmark: ['landmark', 'shippingaddresslandmark'],
  country: ['shippingaddresscountry', 'country'],
  state: ['shippingaddressstate', 'state'],
  city: ['shippingaddresscity', 'city'],
  pincode: ['shippingaddresspostcode', 'shippingaddresspincode', 'pincode', 'postcode'],
  sku: ['mastersku', 'sku'],
  productName: ['productname'],
  quantity: ['productquantity', 'quantity'],
  unitPrice: ['sellingpriceperunititeminclusiveoftax', 'perunitpriceininrinclusiveoftax', 'sellingprice', 'unitprice'],
  unitDiscount: ['discountperunititem', 'productdiscountperunititem', 'unitdiscount'],
  weight: ['weight', 'itemweight'],
  shipmentWeightKg: ['weightofshipmentkg', 'shipmentweightkg'],
  lengthCm: ['lengthcm'],
  breadthCm: ['breadthcm'],
  heightCm: ['heightcm'],
  shippingCharge: ['shippingchargesperorder', 'shippingcharge'],
  orderDiscount: ['totaldiscountperorder', 'orderdiscount'],
  codCharges: ['codchargesperorder', 'codcharges'],
  partialCod: ['partialcodyesno', 'partialcod'],
  paidAmount: ['paidamountrs', 'paidamount'],
  giftWrapCharges: ['giftwrapchargesperorder'],
  transactionFee: ['transactionfeeperorder'],
  note: ['comment', 'note'],
};

const BY_KEY = new Map<string, CsvField>(
  (Object.entries(ALIASES) as [CsvField, readonly string[]][]).flatMap(([field, keys]) =>
    keys.map((key): [string, CsvField] => [key, field]),
  ),
);

export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Columns every file needs; a name (full, or first name) is checked separately. */
const REQUIRED: readonly CsvField[] = [
  'orderId',
  'paymentMethod',
  'phone',
  'line1',
  'city',
  'state',
  'pincode',
  'sku',
  'productName',
  'quantity',
  'unitPrice',
];

export interface ColumnMap {
  /** Field -> index in each record. */
  index: Partial<Record<CsvField, number>>;
  /** Field -> the header as written in the file (errors name the column the merchant sees). */
  header: Partial<Record<CsvField, string>>;
  format: 'shiprocket' | 'template';
  /** Required columns the file lacks, by the template's name. */
  missing: string[];
}

export function resolveColumns(headers: readonly string[]): ColumnMap {
  const index: ColumnMap['index'] = {};
  const header: ColumnMap['header'] = {};
  headers.forEach((h, i) => {
    const field = BY_KEY.get(headerKey(h));
    if (field && index[field] === undefined) {
      index[field] = i;
      header[field] = h.trim();
    }
  });
  const missing: string[] = REQUIRED.filter((f) => index[f] === undefined).map((f) => TEMPLATE_NAMES[f]);
  if (index.customerName === undefined && index.firstName === undefined) missing.push(TEMPLATE_NAMES.customerName);
  const format =
    headers.some((h) => /^\s*\*/.test(h)) || index.shipmentWeightKg !== undefined ? 'shiprocket' : 'template';
  return { index, header, format, missing };
}

/** The template's own names, also used to name a missing column. */
export const TEMPLATE_NAMES: Record<CsvField, string> = {
  orderId: 'order_id',
  orderNumber: 'order_number',
  orderDate: 'order_date',
  status: 'status',
  paymentMethod: 'payment_method',
  codAmount: 'cod_amount',
  customerName: 'customer_name',
  firstName: 'customer_first_name',
  lastName: 'customer_last_name',
  phone: 'phone',
  alternatePhone: 'alternate_phone',
  email: 'email',
  language: 'language',
  line1: 'address_line1',
  line2: 'address_line2',
  landmark: 'landmark',
  country: 'country',
  state: 'state',
  city: 'city',
  pincode: 'pincode',
  sku: 'sku',
  productName: 'product_name',
  quantity: 'quantity',
  unitPrice: 'unit_price',
  unitDiscount: 'unit_discount',
  weight: 'weight',
  shipmentWeightKg: 'shipment_weight_kg',
  lengthCm: 'length_cm',
  breadthCm: 'breadth_cm',
  heightCm: 'height_cm',
  shippingCharge: 'shipping_charge',
  orderDiscount: 'order_discount',
  codCharges: 'cod_charges',
  partialCod: 'partial_cod',
  paidAmount: 'paid_amount',
  giftWrapCharges: 'gift_wrap_charges',
  transactionFee: 'transaction_fee',
  note: 'note',
};

const TEMPLATE_COLUMNS: readonly CsvField[] = [
  'orderId',
  'orderNumber',
  'orderDate',
  'status',
  'paymentMethod',
  'codAmount',
  'customerName',
  'phone',
  'email',
  'line1',
  'line2',
  'landmark',
  'city',
  'state',
  'pincode',
  'sku',
  'productName',
  'quantity',
  'unitPrice',
  'weight',
  'shippingCharge',
  'note',
  'alternatePhone',
  'lengthCm',
  'breadthCm',
  'heightCm',
  'language',
];

/** Columns about one item; every other column is about the whole order and repeats on each of its rows. */
export const ITEM_FIELDS: ReadonlySet<CsvField> = new Set<CsvField>([
  'orderId',
  'sku',
  'productName',
  'quantity',
  'unitPrice',
  'unitDiscount',
  'weight',
]);

function csvLine(values: readonly string[]): string {
  return values.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
}

/** The downloadable template: headers and one example row per column's meaning. */
export const TEMPLATE_CSV = `${csvLine(TEMPLATE_COLUMNS.map((f) => TEMPLATE_NAMES[f]))}\r\n`;

/** A sample in the template format: a two-item prepaid order and a COD order. */
export const SAMPLE_CSV =
  [
    csvLine(TEMPLATE_COLUMNS.map((f) => TEMPLATE_NAMES[f])),
    csvLine([
      'WEB-5001',
      '#5001',
      '2026-11-30 10:15',
      'processing',
      'prepaid',
      '',
      'Asha Raman',
      '+91 98765 43210',
      'asha@example.com',
      '14, 2nd Cross, Indiranagar',
      'Near CMH Hospital',
      '',
      'Bengaluru',
      'Karnataka',
      '560 038',
      'PKL-AVAKAYA-500',
      'Andhra Avakaya Mango Pickle',
      '2',
      '349.00',
      '500g',
      '49.00',
      'Leave with the guard',
      '',
      '20',
      '15',
      '10',
      '',
    ]),
    csvLine([
      'WEB-5001',
      '#5001',
      '2026-11-30 10:15',
      'processing',
      'prepaid',
      '',
      'Asha Raman',
      '+91 98765 43210',
      'asha@example.com',
      '14, 2nd Cross, Indiranagar',
      'Near CMH Hospital',
      '',
      'Bengaluru',
      'Karnataka',
      '560 038',
      'MSL-SAMBAR-200',
      'Sambar Masala',
      '1',
      '149.00',
      '200g',
      '49.00',
      'Leave with the guard',
      '',
      '20',
      '15',
      '10',
      '',
    ]),
    csvLine([
      'WEB-5002',
      '#5002',
      '2026-11-30 11:40',
      'processing',
      'cod',
      '',
      'Rohan Mehta',
      '098201 23456',
      '',
      'Flat 302, Sai Krupa Apartments',
      'Linking Road',
      'Opposite Khar Gymkhana',
      'Mumbai',
      'MH',
      '400052',
      'GHE-A2COW-500',
      'A2 Desi Cow Ghee (Bilona)',
      '1',
      '999.00',
      '',
      '0',
      '',
      '98201 23457',
      '',
      '',
      '',
      'hi',
    ]),
  ].join('\r\n') + '\r\n';
