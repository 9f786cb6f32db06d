/**
 * @app/shipping: what other workspaces use. The iCarry client with its errors and types, iCarry's
 * pushes (parse and build), and the shipping rules (statuses, NDR codes, weights, states, phone,
 * money). iCarry's wire format (form builders, response interpretation) stays inside. The sandbox
 * is a separate, Node-only entry: `@app/shipping/sandbox`. Everything here runs in Node and in
 * browsers (no `node:` imports).
 */

export * from './status';

export { ICarryClient } from './icarry/icarry.client';
export { resolveICarryBaseUrl, ICARRY_DEFAULT_BASE_URL } from './icarry/icarry.base-url';
export {
  ICarryError,
  ICarryAPIError,
  ICarryAuthError,
  ICarryBlockedError,
  ICarryTimeoutError,
  ICarryConnectionError,
  ICarryValidationError,
  isICarryError,
  isBookingOutcomeUnknown,
} from './icarry/icarry.errors';
export type {
  ICarryErrorCode,
  ICarryAPIErrorKind,
  ICarryAuthReason,
  ICarryTimeoutReason,
} from './icarry/icarry.errors';
export type { ICarryLogger } from './icarry/icarry.logger';
export { SHIPMENT_MODES, DEFAULT_SHIPMENT_MODE, SHIPMENT_DIRECTIONS } from './shipment';
export type { ShipmentMode, ShipmentDirection } from './shipment';
export { IST_OFFSET_MS, IST_ZONE, istDay, endOfIstDay, istHour } from './ist';
export type {
  FetchLike,
  RetryPolicy,
  ICarryClientOptions,
  CallOptions,
  PaymentType,
  EstimateInput,
  Estimate,
  PincodeServiceability,
  BookingItem,
  BookingInput,
  BookingResult,
  TrackingEvent,
  TrackingResult,
  StatusSyncEntry,
  CancelResult,
  ICarryLabel,
  LabelOptions,
  ReverseShipmentInput,
  ReverseShipmentResult,
  BillingEntry,
  LoginResult,
} from './icarry/icarry.types';

export {
  MAX_PUSH_ID_CHARS,
  parseICarryWebhookBody,
  pushToken,
  redactPushToken,
  parseICarryPush,
  readStoredPushEvent,
  pushDedupeKey,
  pushRefs,
  buildStatusPush,
  buildNdrPush,
  buildWeightPush,
} from './icarry/icarry.pushes';
export type {
  ICarryPushKind,
  ICarryPushEvent,
  ICarryStatusPush,
  ICarryNdrPush,
  ICarryNdrEntry,
  ICarryWeightPush,
  ICarryPushParse,
  ICarryWebhookBodyParse,
  PushRefs,
  BuiltPush,
  PushEncoding,
  PushBuildOptions,
  StatusPushInput,
  NdrPushInput,
  WeightPushInput,
} from './icarry/icarry.pushes';

export { ORDER_LIMITS, parseQuantity } from './limits';
export type { QuantityParse } from './limits';
export { parseBoxSideCm } from './parcel/box';
export type { BoxSideParse } from './parcel/box';
export {
  parseWeightText,
  parseWeightKg,
  computeParcelWeight,
  resolveParcelDefaults,
  DEFAULT_BOX,
  DEFAULT_FALLBACK_GRAMS,
  UNREADABLE_WEIGHT_RULE,
} from './parcel/weight';
export type {
  WeightParse,
  KgParse,
  ParcelItemWeightInput,
  ParcelItemWeight,
  UnparsedItem,
  ParcelWeight,
  ParcelBox,
  ParcelDefaults,
} from './parcel/weight';
export {
  NDR_CODES,
  describeNdr,
  findNdrCode,
  normaliseNdrType,
  isKnownNdrCode,
  NDR_BUYER_ACTIONS,
  NDR_ANSWER_WINDOW_HOURS,
  NDR_REATTEMPT_DAYS,
  ndrBuyerChoices,
  ndrReattemptWindow,
} from './ndr';
export type { NdrCode, NdrDescription, NdrBuyerAction, NdrBuyerChoices } from './ndr';
export { ICARRY_STATE_CODES, toICarryStateCode, findICarryStateCode, isICarryStateCode } from './states';
export type { ICarryStateCode } from './states';
export { normalizeIndianMobile, isIndianMobile, maskPhone, maskPhonesInText } from './phone';
export { parseRupeesToPaise, formatPaiseAsRupees, parseAmountPaise, checkAmountPaise } from './money';
export type { AmountParse } from './money';
export { containsNul, containsUnstorableText, textProblem, textRule, safeText, findTextRuleBreach } from './text';
export type { TextShape, TextRuleBreach } from './text';
export { printableText, printableLine, hasUnprintable, mapStrings } from './printable';

export {
  TRANSIT_BUCKETS,
  EMPTY_MEMORY,
  transitBucket,
  addMemory,
  transitPercentile,
  summariseMemory,
  summariseMemoryRows,
  ALL_COURIERS,
  memoryState,
  pincodeDistrict,
  type MemoryCounts,
  type MemorySummary,
} from './delivery-memory';

export {
  DEFAULT_PROMISE_SCHEDULE,
  MIN_HISTORY_DELIVERIES,
  isWorkingDay,
  pickupDay,
  deliveryDay,
  historyDays,
  zoneDays,
  makePromise,
  type DeliveryPromise,
  type PromiseBasis,
  type PromiseDays,
  type PromiseInput,
  type PromiseSchedule,
} from './promise';

export {
  MIN_COURIER_HISTORY,
  DEFAULT_BEST_POLICY,
  DEFAULT_RTO_RISK_THRESHOLD,
  chooseBestCourier,
  cheapestReason,
  namedCourierReason,
  nextCourierReason,
  codRisk,
  spoilageCheck,
  type BestPolicy,
  type CourierChoice,
  type CodRisk,
  type SpoilageCheck,
} from './courier-choice';
export * from './history';
