import type { ShipmentMode } from '../shipment';

/**
 * The sandbox's made-up but realistic world: couriers, rate cards by zone and weight slab,
 * pincode rules and courier-like AWB formats. Everything is deterministic so tests and demos
 * get the same answers every time.
 *
 * Pincode rules (documented in docs/sandbox.md):
 * - not 6 digits, or starting with 0: invalid.
 * - starting with 9 (India's Army Postal Service range): not serviceable at all.
 * - ending with 99: prepaid only (no COD).
 * - ending with 98: surface only (no express/air).
 */

export type SandboxMode = ShipmentMode;
export type Zone = 'A' | 'B' | 'C' | 'D' | 'E';

export interface SandboxCourier {
  id: string;
  name: string;
  group: string;
  mode: SandboxMode;
  /** Paise for the first 500 g slab in zone A, before the zone factor. */
  firstSlabPaise: number;
  additionalSlabPaise: number;
  codFixedPaise: number;
  /** COD fee as basis points of the amount to collect when above the fixed fee. */
  codBasisPoints: number;
  /** Chargeable weight range this product is sold for (iCarry ties courier ids to slabs). */
  minGrams: number;
  maxGrams: number;
  cod: boolean;
  zones: readonly Zone[];
  awb: (shipmentNumber: number) => string;
}

const ALL_ZONES: readonly Zone[] = ['A', 'B', 'C', 'D', 'E'];

function digits(n: number, width: number): string {
  return String(n % 10 ** width).padStart(width, '0');
}

export const SANDBOX_COURIERS: readonly SandboxCourier[] = [
  {
    id: '101',
    name: 'Delhivery Surface',
    group: 'Delhivery',
    mode: 'surface',
    firstSlabPaise: 3400,
    additionalSlabPaise: 3000,
    codFixedPaise: 3500,
    codBasisPoints: 175,
    minGrams: 1,
    maxGrams: 50_000,
    cod: true,
    zones: ALL_ZONES,
    awb: (n) => `1490${digits(n, 9)}`,
  },
  {
    id: '111',
    name: 'Xpressbees Surface 0.5Kg',
    group: 'Xpressbees',
    mode: 'surface',
    firstSlabPaise: 2900,
    additionalSlabPaise: 2700,
    codFixedPaise: 3000,
    codBasisPoints: 150,
    minGrams: 1,
    maxGrams: 500,
    cod: true,
    zones: ['A', 'B', 'C', 'D'],
    awb: (n) => `14231${digits(n, 10)}`,
  },
  {
    id: '112',
    name: 'Xpressbees Surface 1Kg',
    group: 'Xpressbees',
    mode: 'surface',
    firstSlabPaise: 2300,
    additionalSlabPaise: 2300,
    codFixedPaise: 3000,
    codBasisPoints: 150,
    minGrams: 501,
    maxGrams: 1000,
    cod: true,
    zones: ['A', 'B', 'C', 'D'],
    awb: (n) => `14232${digits(n, 10)}`,
  },
  {
    id: '113',
    name: 'Xpressbees Surface 2Kg',
    group: 'Xpressbees',
    mode: 'surface',
    firstSlabPaise: 2100,
    additionalSlabPaise: 2100,
    codFixedPaise: 3000,
    codBasisPoints: 150,
    minGrams: 1001,
    maxGrams: 2000,
    cod: true,
    zones: ['A', 'B', 'C', 'D'],
    awb: (n) => `14233${digits(n, 10)}`,
  },
  {
    id: '121',
    name: 'Ekart Surface',
    group: 'Ekart',
    mode: 'surface',
    firstSlabPaise: 3100,
    additionalSlabPaise: 2900,
    codFixedPaise: 3200,
    codBasisPoints: 180,
    minGrams: 1,
    maxGrams: 25_000,
    cod: true,
    zones: ALL_ZONES,
    awb: (n) => `FMPC${digits(n, 10)}`,
  },
  {
    id: '131',
    name: 'Shree Maruti Surface',
    group: 'Shree Maruti',
    mode: 'surface',
    firstSlabPaise: 3000,
    additionalSlabPaise: 2800,
    codFixedPaise: 2900,
    codBasisPoints: 150,
    minGrams: 1,
    maxGrams: 10_000,
    cod: false,
    zones: ['A', 'B', 'C', 'D'],
    awb: (n) => `SMC${digits(n, 10)}`,
  },
  {
    id: '141',
    name: 'Amazon Shipping Surface',
    group: 'Amazon Shipping',
    mode: 'surface',
    firstSlabPaise: 3600,
    additionalSlabPaise: 3100,
    codFixedPaise: 3600,
    codBasisPoints: 200,
    minGrams: 1,
    maxGrams: 20_000,
    cod: true,
    zones: ['A', 'B', 'C', 'D'],
    awb: (n) => `TBA${digits(n, 12)}`,
  },
  {
    id: '151',
    name: 'DTDC Surface',
    group: 'DTDC',
    mode: 'surface',
    firstSlabPaise: 3300,
    additionalSlabPaise: 3000,
    codFixedPaise: 3500,
    codBasisPoints: 200,
    minGrams: 1,
    maxGrams: 30_000,
    cod: true,
    zones: ALL_ZONES,
    awb: (n) => `D${digits(n, 10)}`,
  },
  {
    id: '201',
    name: 'Delhivery Air',
    group: 'Delhivery',
    mode: 'express',
    firstSlabPaise: 5400,
    additionalSlabPaise: 5000,
    codFixedPaise: 3500,
    codBasisPoints: 175,
    minGrams: 1,
    maxGrams: 20_000,
    cod: true,
    zones: ALL_ZONES,
    awb: (n) => `1491${digits(n, 9)}`,
  },
  {
    id: '211',
    name: 'Bluedart Air',
    group: 'Bluedart',
    mode: 'express',
    firstSlabPaise: 6900,
    additionalSlabPaise: 6300,
    codFixedPaise: 4000,
    codBasisPoints: 200,
    minGrams: 1,
    maxGrams: 20_000,
    cod: true,
    zones: ALL_ZONES,
    awb: (n) => `5${digits(n, 10)}`,
  },
  {
    id: '221',
    name: 'Xpressbees Air',
    group: 'Xpressbees',
    mode: 'express',
    firstSlabPaise: 5800,
    additionalSlabPaise: 5200,
    codFixedPaise: 3000,
    codBasisPoints: 150,
    minGrams: 1,
    maxGrams: 10_000,
    cod: true,
    zones: ['A', 'B', 'C', 'D'],
    awb: (n) => `14234${digits(n, 10)}`,
  },
];

export function findCourier(id: string): SandboxCourier | undefined {
  return SANDBOX_COURIERS.find((courier) => courier.id === id);
}

const ZONE_FACTOR_PERCENT: Record<Zone, number> = { A: 100, B: 118, C: 135, D: 160, E: 210 };
const GST_PERCENT = 18;
const METRO_PREFIXES = new Set(['11', '40', '56', '60', '70', '50']);
/** Jammu & Kashmir, Ladakh, the North East and the islands: zone E everywhere. */
const SPECIAL_PREFIXES = ['18', '19', '79', '744', '682'];

export function isValidPincode(pincode: string): boolean {
  return /^[1-9]\d{5}$/.test(pincode);
}

export interface PincodeRules {
  valid: boolean;
  serviceable: boolean;
  cod: boolean;
  express: boolean;
  pickup: boolean;
}

export function pincodeRules(pincode: string): PincodeRules {
  if (!isValidPincode(pincode)) return { valid: false, serviceable: false, cod: false, express: false, pickup: false };
  const serviceable = !pincode.startsWith('9');
  return {
    valid: true,
    serviceable,
    cod: serviceable && !pincode.endsWith('99'),
    express: serviceable && !pincode.endsWith('98'),
    pickup: serviceable,
  };
}

export function zoneFor(origin: string, destination: string): Zone {
  if (SPECIAL_PREFIXES.some((prefix) => destination.startsWith(prefix))) return 'E';
  if (origin.slice(0, 3) === destination.slice(0, 3)) return 'A';
  if (origin.slice(0, 2) === destination.slice(0, 2)) return 'B';
  if (METRO_PREFIXES.has(origin.slice(0, 2)) && METRO_PREFIXES.has(destination.slice(0, 2))) return 'C';
  return 'D';
}

/** Billed weight: the larger of actual and volumetric (L x B x H / 5000 kg), in grams. */
export function chargeableGrams(weightGrams: number, lengthCm: number, breadthCm: number, heightCm: number): number {
  const volumetric = Math.ceil((lengthCm * breadthCm * heightCm) / 5);
  return Math.max(Math.ceil(weightGrams), volumetric);
}

export interface Quote {
  courier: SandboxCourier;
  zone: Zone;
  chargeableGrams: number;
  freightPaise: number;
  codPaise: number;
  rtoPaise: number;
  totalPaise: number;
}

export interface QuoteRequest {
  origin: string;
  destination: string;
  weightGrams: number;
  lengthCm: number;
  breadthCm: number;
  heightCm: number;
  mode: SandboxMode;
  cod: boolean;
  valuePaise: number;
}

/** Freight (with GST) for `grams` chargeable weight in `zone`, whatever slabs the courier is sold for. */
export function freightPaise(courier: SandboxCourier, zone: Zone, grams: number): number {
  const slabs = Math.max(1, Math.ceil(grams / 500));
  const base = courier.firstSlabPaise + courier.additionalSlabPaise * (slabs - 1);
  return Math.round((base * ZONE_FACTOR_PERCENT[zone] * (100 + GST_PERCENT)) / 10_000);
}

/** COD fee: the larger of the courier's fixed fee and its percentage of the amount to collect. */
export function codFeePaise(courier: SandboxCourier, valuePaise: number): number {
  return Math.max(courier.codFixedPaise, Math.round((valuePaise * courier.codBasisPoints) / 10_000));
}

/** Couriers that would carry this parcel, cheapest first. Empty when none. */
export function quote(request: QuoteRequest): Quote[] {
  const destination = pincodeRules(request.destination);
  const origin = pincodeRules(request.origin);
  if (!destination.serviceable || !origin.pickup) return [];
  if (request.cod && !destination.cod) return [];
  if (request.mode === 'express' && !destination.express) return [];
  const zone = zoneFor(request.origin, request.destination);
  const grams = chargeableGrams(request.weightGrams, request.lengthCm, request.breadthCm, request.heightCm);
  const quotes: Quote[] = [];
  for (const courier of SANDBOX_COURIERS) {
    if (courier.mode !== request.mode || !courier.zones.includes(zone)) continue;
    if (grams < courier.minGrams || grams > courier.maxGrams) continue;
    if (request.cod && !courier.cod) continue;
    const freight = freightPaise(courier, zone, grams);
    const codPaise = request.cod ? codFeePaise(courier, request.valuePaise) : 0;
    quotes.push({
      courier,
      zone,
      chargeableGrams: grams,
      freightPaise: freight,
      codPaise,
      rtoPaise: freight,
      totalPaise: freight + codPaise,
    });
  }
  return quotes.sort((a, b) => a.totalPaise - b.totalPaise || a.courier.id.localeCompare(b.courier.id));
}

/** Transit days by zone, for the EDD. */
export const TRANSIT_DAYS: Record<Zone, number> = { A: 2, B: 3, C: 4, D: 6, E: 9 };

const CITY_BY_PREFIX: Record<string, string> = {
  '11': 'New_Delhi',
  '12': 'Gurugram',
  '13': 'Ambala',
  '14': 'Ludhiana',
  '15': 'Bathinda',
  '16': 'Chandigarh',
  '17': 'Shimla',
  '18': 'Jammu',
  '19': 'Srinagar',
  '20': 'Noida',
  '21': 'Prayagraj',
  '22': 'Lucknow',
  '24': 'Bareilly',
  '25': 'Meerut',
  '26': 'Dehradun',
  '28': 'Agra',
  '30': 'Jaipur',
  '31': 'Ajmer',
  '32': 'Kota',
  '33': 'Bikaner',
  '34': 'Jodhpur',
  '36': 'Rajkot',
  '38': 'Ahmedabad',
  '39': 'Surat',
  '40': 'Mumbai',
  '41': 'Pune',
  '42': 'Nashik',
  '43': 'Aurangabad',
  '44': 'Nagpur',
  '45': 'Indore',
  '46': 'Bhopal',
  '47': 'Gwalior',
  '48': 'Jabalpur',
  '49': 'Raipur',
  '50': 'Hyderabad',
  '51': 'Kurnool',
  '52': 'Vijayawada',
  '53': 'Visakhapatnam',
  '56': 'Bengaluru',
  '57': 'Mysuru',
  '58': 'Hubballi',
  '59': 'Belagavi',
  '60': 'Chennai',
  '61': 'Tiruchirappalli',
  '62': 'Madurai',
  '63': 'Salem',
  '64': 'Coimbatore',
  '67': 'Kozhikode',
  '68': 'Kochi',
  '69': 'Thiruvananthapuram',
  '70': 'Kolkata',
  '71': 'Howrah',
  '73': 'Siliguri',
  '74': 'Durgapur',
  '75': 'Bhubaneswar',
  '76': 'Berhampur',
  '77': 'Sambalpur',
  '78': 'Guwahati',
  '79': 'Imphal',
  '80': 'Patna',
  '81': 'Bhagalpur',
  '82': 'Gaya',
  '83': 'Ranchi',
  '84': 'Muzaffarpur',
  '85': 'Purnia',
};

/** A hub-style place name (with iCarry's underscores) for a pincode. */
export function placeFor(pincode: string): string {
  return CITY_BY_PREFIX[pincode.slice(0, 2)] ?? `Zone_${pincode.slice(0, 1)}`;
}
