/**
 * Parcel weight from product weight texts ("500g", "1 kg", "2 x 500g"). iCarry bills by weight
 * slab, so a wrong guess costs money either way: a bare number ("500") is reported as ambiguous
 * rather than guessed, and the 500 g fallback applies only when nothing at all parses. A weight
 * beyond ORDER_LIMITS.maxWeightGrams, or written in exponent notation, is not read at all.
 */
import { ORDER_LIMITS } from '../limits';

export type WeightParse =
  { kind: 'ok'; grams: number } | { kind: 'ambiguous'; reason: string } | { kind: 'unparsed'; reason: string };

/** Grams per unit. Volumes assume the density of water (ml ≈ g), close enough for food. */
const UNIT_GRAMS: Record<string, number> = {
  mg: 0.001,
  g: 1,
  gm: 1,
  gms: 1,
  gr: 1,
  grm: 1,
  grms: 1,
  gram: 1,
  grams: 1,
  gramme: 1,
  grammes: 1,
  kg: 1000,
  kgs: 1000,
  kilo: 1000,
  kilos: 1000,
  kilogram: 1000,
  kilograms: 1000,
  kilogramme: 1000,
  kilogrammes: 1000,
  ml: 1,
  mls: 1,
  millilitre: 1,
  millilitres: 1,
  milliliter: 1,
  milliliters: 1,
  l: 1000,
  lt: 1000,
  ltr: 1000,
  ltrs: 1000,
  litre: 1000,
  litres: 1000,
  liter: 1000,
  liters: 1000,
  oz: 28.349523125,
  lb: 453.59237,
  lbs: 453.59237,
};

const UNIT =
  '(mg|kilogrammes?|kilograms?|kilos?|kgs?|grammes?|grams?|grms?|gms?|gm|grm|gr|g|millilit(?:re|er)s?|mls?|lit(?:re|er)s?|ltrs?|lt|l|oz|lbs?)';
const NUMBER = '(\\d+(?:\\.\\d+)?|\\.\\d+)';
const COUNT = '(\\d{1,4})';
const TIMES = '\\s*[x×*]\\s*';

const STRICT_PLAIN = new RegExp(`^${NUMBER}\\s*${UNIT}\\.?$`);
const STRICT_COUNT_FIRST = new RegExp(`^${COUNT}${TIMES}${NUMBER}\\s*${UNIT}\\.?$`);
const STRICT_COUNT_LAST = new RegExp(`^${NUMBER}\\s*${UNIT}\\.?${TIMES}${COUNT}$`);
const EMBEDDED = new RegExp(`(?:${COUNT}${TIMES})?(?<![\\d.])${NUMBER}\\s*${UNIT}(?![a-z])`, 'g');
const BARE_NUMBER = /^\d+(?:\.\d+)?$/;
/** "1e308 kg": read digit by digit it would be "308 kg"; no store writes a weight this way. */
const EXPONENT = /\d\.?e[+-]?\d/;
const TOO_HEAVY = `more than ${ORDER_LIMITS.maxWeightGrams / 1000} kg`;

function toGrams(value: string, unit: string, count = 1): WeightParse {
  const factor = UNIT_GRAMS[unit];
  if (factor === undefined) return { kind: 'unparsed', reason: `unknown unit "${unit}"` };
  const exact = Number(value) * factor * count;
  if (!Number.isFinite(exact) || exact <= 0) return { kind: 'unparsed', reason: 'weight must be greater than zero' };
  if (exact > ORDER_LIMITS.maxWeightGrams) return { kind: 'unparsed', reason: TOO_HEAVY };
  // Whole grams; anything positive weighs at least 1 g.
  return { kind: 'ok', grams: Math.max(1, Math.round(exact)) };
}

/** Parses one product weight text into grams. Never throws. */
export function parseWeightText(text: string | null | undefined): WeightParse {
  if (text === null || text === undefined) return { kind: 'unparsed', reason: 'no weight given' };
  const normalised = text
    .toLowerCase()
    .replace(/(\d),(\d{3})(?!\d)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
  if (normalised === '') return { kind: 'unparsed', reason: 'no weight given' };
  if (EXPONENT.test(normalised)) return { kind: 'unparsed', reason: 'a number in exponent notation is not a weight' };

  let match = STRICT_PLAIN.exec(normalised);
  if (match) return toGrams(match[1] ?? '', match[2] ?? '');
  match = STRICT_COUNT_FIRST.exec(normalised);
  if (match) return toGrams(match[2] ?? '', match[3] ?? '', Number(match[1]));
  match = STRICT_COUNT_LAST.exec(normalised);
  if (match) return toGrams(match[1] ?? '', match[2] ?? '', Number(match[3]));

  if (BARE_NUMBER.test(normalised)) {
    return { kind: 'ambiguous', reason: `"${normalised}" has no unit: grams or kilograms?` };
  }

  // Longer texts such as "Net wt. 500 g" or "Pack of 2 x 250g": accept exactly one weight.
  const found = [...normalised.matchAll(EMBEDDED)];
  if (found.length === 1) {
    const [only] = found;
    if (only) return toGrams(only[2] ?? '', only[3] ?? '', only[1] === undefined ? 1 : Number(only[1]));
  }
  if (found.length > 1) return { kind: 'ambiguous', reason: `several weights in "${normalised.slice(0, 60)}"` };
  if (/\d/.test(normalised)) return { kind: 'ambiguous', reason: `no recognised unit in "${normalised.slice(0, 60)}"` };
  return { kind: 'unparsed', reason: `no weight in "${normalised.slice(0, 60)}"` };
}

export type KgParse = { ok: true; grams: number } | { ok: false; message: string };

/**
 * A weight in kilograms as a plain decimal ("1.2", "0.5", Shiprocket's "Weight Of Shipment(kg)")
 * to whole grams (at least 1), up to ORDER_LIMITS.maxWeightGrams. Exponents, units and signs are refused.
 */
export function parseWeightKg(raw: string | number): KgParse {
  const text = String(raw).trim();
  const message = `must be a weight in kg from 0.001 to ${ORDER_LIMITS.maxWeightGrams / 1000}, e.g. 0.5`;
  if (!/^(\d{1,7}(\.\d{1,6})?|\.\d{1,6})$/.test(text)) return { ok: false, message };
  const grams = Math.round(Number(text) * 1000);
  if (!(grams >= 1) || grams > ORDER_LIMITS.maxWeightGrams) return { ok: false, message };
  return { ok: true, grams };
}

export interface ParcelItemWeightInput {
  weightText: string | null | undefined;
  quantity: number;
  name?: string | null;
  sku?: string | null;
}

export interface ParcelItemWeight {
  sku: string | null;
  name: string | null;
  weightText: string | null;
  quantity: number;
  parse: WeightParse;
  /** Weight of one unit times quantity, or null when the text did not parse. */
  lineGrams: number | null;
}

export interface UnparsedItem {
  sku: string | null;
  name: string | null;
  weightText: string | null;
  reason: string;
}

export interface ParcelWeight {
  /** Integer grams to send to iCarry. */
  grams: number;
  /** True when nothing parsed and `fallbackGrams` was used instead. */
  usedFallback: boolean;
  /** Items whose weight was not counted (ambiguous or unparsed): tell the admin. */
  unparsedItems: UnparsedItem[];
  perItem: ParcelItemWeight[];
}

/** iCarry's own plugin defaults: 500 g parcel, 10 x 10 x 10 cm box. */
export const DEFAULT_FALLBACK_GRAMS = 500;

/**
 * What `computeParcelWeight` does with a weight it cannot read, in the words the admin reads on
 * Products and in Order Details (served by the API, so the pages never say it differently).
 */
export const UNREADABLE_WEIGHT_RULE =
  'An item whose weight cannot be read is left out of the parcel weight. Only when no item of an order has a ' +
  `readable weight is the parcel declared at the ${DEFAULT_FALLBACK_GRAMS / 1000} kg fallback.`;

export interface ParcelBox {
  lengthCm: number;
  breadthCm: number;
  heightCm: number;
}

export const DEFAULT_BOX: Readonly<ParcelBox> = Object.freeze({ lengthCm: 10, breadthCm: 10, heightCm: 10 });

export interface ParcelDefaults {
  fallbackGrams: number;
  packagingGrams: number;
  box: ParcelBox;
}

/**
 * Merges the store's configured parcel defaults over iCarry's. Invalid values (zero, negative,
 * not a number) are ignored rather than sent, since iCarry rejects them at booking time.
 */
export function resolveParcelDefaults(
  configured: { fallbackGrams?: number | null; packagingGrams?: number | null; box?: Partial<ParcelBox> | null } = {},
): ParcelDefaults {
  const positive = (value: number | null | undefined, fallback: number): number =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
  const box = configured.box ?? {};
  return {
    fallbackGrams: Math.round(positive(configured.fallbackGrams, DEFAULT_FALLBACK_GRAMS)),
    packagingGrams:
      typeof configured.packagingGrams === 'number' &&
      Number.isFinite(configured.packagingGrams) &&
      configured.packagingGrams >= 0
        ? Math.round(configured.packagingGrams)
        : 0,
    box: {
      lengthCm: positive(box.lengthCm, DEFAULT_BOX.lengthCm),
      breadthCm: positive(box.breadthCm, DEFAULT_BOX.breadthCm),
      heightCm: positive(box.heightCm, DEFAULT_BOX.heightCm),
    },
  };
}

/**
 * Sums item weights times quantities, plus packaging. Items that do not parse are listed in
 * `unparsedItems` and left out of the sum; only when no item parses at all is `fallbackGrams`
 * used as the whole parcel weight (`usedFallback`), so a partial parse is never silently padded.
 */
export function computeParcelWeight(
  items: readonly ParcelItemWeightInput[],
  options: { fallbackGrams?: number; packagingGrams?: number } = {},
): ParcelWeight {
  const { fallbackGrams, packagingGrams } = resolveParcelDefaults(options);
  const perItem: ParcelItemWeight[] = [];
  const unparsedItems: UnparsedItem[] = [];
  let parsedGrams = 0;
  let parsedCount = 0;

  for (const item of items) {
    const sku = item.sku ?? null;
    const name = item.name ?? null;
    const weightText = item.weightText ?? null;
    const quantity = Number.isFinite(item.quantity) ? Math.max(0, Math.round(item.quantity)) : 0;
    const parse = parseWeightText(weightText);
    if (parse.kind === 'ok' && quantity > 0) {
      const lineGrams = parse.grams * quantity;
      parsedGrams += lineGrams;
      parsedCount += 1;
      perItem.push({ sku, name, weightText, quantity, parse, lineGrams });
      continue;
    }
    perItem.push({ sku, name, weightText, quantity, parse, lineGrams: null });
    if (parse.kind !== 'ok') unparsedItems.push({ sku, name, weightText, reason: parse.reason });
    else unparsedItems.push({ sku, name, weightText, reason: `quantity ${item.quantity} is not a positive number` });
  }

  if (parsedCount === 0) return { grams: fallbackGrams, usedFallback: true, unparsedItems, perItem };
  return { grams: Math.max(1, parsedGrams + packagingGrams), usedFallback: false, unparsedItems, perItem };
}
