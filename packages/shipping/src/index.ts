export * from './status';
export * from './icarry/index';
export {
  parseWeightText,
  computeParcelWeight,
  resolveParcelDefaults,
  DEFAULT_BOX,
  DEFAULT_FALLBACK_GRAMS,
} from './parcel/weight';
export type {
  WeightParse,
  ParcelItemWeightInput,
  ParcelItemWeight,
  UnparsedItem,
  ParcelWeight,
  ParcelBox,
  ParcelDefaults,
} from './parcel/weight';
export { NDR_CODES, describeNdr, isKnownNdrCode } from './ndr';
export type { NdrCode, NdrDescription } from './ndr';
export {
  ICARRY_STATE_CODES,
  ICARRY_ZONE_IDS,
  toICarryStateCode,
  findICarryStateCode,
  isICarryStateCode,
} from './states';
export type { ICarryStateCode } from './states';
export { normalizeIndianMobile, isIndianMobile, maskPhone } from './phone';
export { parseRupeesToPaise, formatPaiseAsRupees } from './money';
