export {
  ICarryClient,
  ICARRY_ENDPOINTS,
  DEFAULT_USER_AGENT,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TOKEN_TTL_MS,
  DEFAULT_RETRY,
  STATUS_SYNC_CHUNK_SIZE,
} from './icarry.client';
export { resolveICarryBaseUrl, ICARRY_DEFAULT_BASE_URL } from './icarry.base-url';
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
  classifyICarryMessage,
} from './icarry.errors';
export type { ICarryErrorCode, ICarryAPIErrorKind, ICarryAuthReason, ICarryTimeoutReason } from './icarry.errors';
export { silentLogger, redactUrl } from './icarry.logger';
export type { ICarryLogger } from './icarry.logger';
export { parseICarryDate, formatICarryDay, formatICarryDateTime } from './icarry.dates';
export { interpretICarryResponse, extractJsonObject } from './icarry.response';
export { flattenForm, buildBookingFields, buildEstimateFields } from './icarry.form';
export type { FormFields } from './icarry.form';
export type * from './icarry.types';
