/**
 * The iCarry client's error hierarchy. Callers branch on the class and on `code`, `kind`,
 * `retryable` and `outcomeUnknown`, never on message text. Every error names the endpoint.
 *
 * `outcomeUnknown` is the one flag that matters for money: true means the request may have been
 * processed by iCarry (a booking may exist) even though we got no usable answer. It is set on
 * timeouts and connection drops after sending, and on 5xx or unreadable answers to calls that are
 * not safe to repeat (booking, cancel). Such a booking must be resolved by a person, not retried.
 */

export type ICarryErrorCode =
  | 'API_ERROR'
  | 'MALFORMED_RESPONSE'
  | 'HTTP_ERROR'
  | 'AUTH_FAILED'
  | 'TOKEN_REJECTED'
  | 'BLOCKED'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'CONNECTION_LOST'
  | 'CONNECTION_FAILED'
  | 'VALIDATION';

export interface ICarryErrorOptions {
  endpoint?: string;
  retryable?: boolean;
  outcomeUnknown?: boolean;
  httpStatus?: number | null;
  cause?: unknown;
}

/** Most of an iCarry body worth keeping on an error; bodies can be whole HTML pages. */
export const MAX_ERROR_BODY_CHARS = 2000;

export class ICarryError extends Error {
  override name = 'ICarryError';
  readonly code: ICarryErrorCode;
  /** iCarry path such as "/api_add_shipment_surface", or "input" for validation before sending. */
  readonly endpoint: string;
  /** True when repeating the same call later may succeed (5xx, dropped connection, timeout). */
  readonly retryable: boolean;
  /** True when iCarry may have acted on the request although we could not read its answer. */
  readonly outcomeUnknown: boolean;
  readonly httpStatus: number | null;

  constructor(code: ICarryErrorCode, message: string, options: ICarryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.endpoint = options.endpoint ?? 'unknown';
    this.retryable = options.retryable ?? false;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
    this.httpStatus = options.httpStatus ?? null;
  }
}

/** What an iCarry refusal is about, so services can react without reading the text. */
export type ICarryAPIErrorKind = 'not_serviceable' | 'account' | 'other';

/** iCarry answered, and the answer is a refusal (`error` field), an HTTP error or unreadable. */
export class ICarryAPIError extends ICarryError {
  override name = 'ICarryAPIError';
  readonly kind: ICarryAPIErrorKind;
  /** The raw response body, truncated, with tokens redacted. */
  readonly body: string;

  constructor(
    message: string,
    options: ICarryErrorOptions & {
      code?: 'API_ERROR' | 'MALFORMED_RESPONSE' | 'HTTP_ERROR';
      body?: string;
      kind?: ICarryAPIErrorKind;
    } = {},
  ) {
    super(options.code ?? 'API_ERROR', message, options);
    this.kind = options.kind ?? classifyICarryMessage(message);
    this.body = truncateBody(options.body ?? '');
  }
}

export type ICarryAuthReason = 'login_failed' | 'token_rejected';

/** Login refused (bad username/key, IP not allowed) or the API token was rejected twice. */
export class ICarryAuthError extends ICarryError {
  override name = 'ICarryAuthError';
  readonly reason: ICarryAuthReason;
  readonly body: string;

  constructor(message: string, options: ICarryErrorOptions & { reason: ICarryAuthReason; body?: string }) {
    super(options.reason === 'login_failed' ? 'AUTH_FAILED' : 'TOKEN_REJECTED', message, options);
    this.reason = options.reason;
    this.body = truncateBody(options.body ?? '');
  }
}

/** An HTML page (Imunify360/Cloudflare firewall, captcha) came back instead of JSON. */
export class ICarryBlockedError extends ICarryError {
  override name = 'ICarryBlockedError';
  readonly body: string;

  constructor(message: string, options: ICarryErrorOptions & { body?: string }) {
    super('BLOCKED', message, options);
    this.body = truncateBody(options.body ?? '');
  }
}

export type ICarryTimeoutReason = 'timeout' | 'aborted' | 'connection_lost';

/**
 * No answer arrived: our timeout fired, the caller aborted, or the connection dropped after the
 * request was sent. For booking and cancel `outcomeUnknown` is true: iCarry may have done it.
 */
export class ICarryTimeoutError extends ICarryError {
  override name = 'ICarryTimeoutError';
  readonly reason: ICarryTimeoutReason;
  readonly timeoutMs: number;

  constructor(message: string, options: ICarryErrorOptions & { reason: ICarryTimeoutReason; timeoutMs: number }) {
    super(
      options.reason === 'timeout' ? 'TIMEOUT' : options.reason === 'aborted' ? 'ABORTED' : 'CONNECTION_LOST',
      message,
      options,
    );
    this.reason = options.reason;
    this.timeoutMs = options.timeoutMs;
  }
}

/** The connection failed. `neverSent` is true only when the request provably never left us. */
export class ICarryConnectionError extends ICarryError {
  override name = 'ICarryConnectionError';
  readonly neverSent: boolean;
  /** The OS/undici error code (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET...) when known. */
  readonly osCode: string | null;

  constructor(message: string, options: ICarryErrorOptions & { neverSent: boolean; osCode: string | null }) {
    super(options.neverSent ? 'CONNECTION_FAILED' : 'CONNECTION_LOST', message, options);
    this.neverSent = options.neverSent;
    this.osCode = options.osCode;
  }
}

/** Our input cannot be sent to iCarry as it is (unmappable state, bad phone, bad pincode). */
export class ICarryValidationError extends ICarryError {
  override name = 'ICarryValidationError';
  /** Dotted path of the offending input, e.g. "consignee.state". */
  readonly field: string;

  constructor(message: string, options: ICarryErrorOptions & { field: string }) {
    super('VALIDATION', message, { endpoint: 'input', ...options, retryable: false, outcomeUnknown: false });
    this.field = options.field;
  }
}

export function isICarryError(error: unknown): error is ICarryError {
  return error instanceof ICarryError;
}

/** True when a failed booking may nevertheless exist at iCarry and must not be retried blindly. */
export function isBookingOutcomeUnknown(error: unknown): boolean {
  return error instanceof ICarryError && error.outcomeUnknown;
}

const NOT_SERVICEABLE =
  /not\s*service\s*able|unserviceable|non[-\s]?serviceable|no\s+courier|not\s+available\s+for\s+(this\s+)?pin|pincode\s+is\s+not\s+(supported|covered)/i;
const ACCOUNT =
  /wallet|balance|recharge|top[\s-]?up|kyc|unbilled|insufficient|weight\s+discrepanc|dispute|account\s+(is\s+)?(blocked|suspended|inactive|disabled)|credit\s+limit/i;

/** Classifies iCarry's free-text refusal so services can branch on `kind`. */
export function classifyICarryMessage(message: string): ICarryAPIErrorKind {
  if (ACCOUNT.test(message)) return 'account';
  if (NOT_SERVICEABLE.test(message)) return 'not_serviceable';
  return 'other';
}

function truncateBody(body: string): string {
  return body.length > MAX_ERROR_BODY_CHARS
    ? `${body.slice(0, MAX_ERROR_BODY_CHARS)}…[truncated ${body.length - MAX_ERROR_BODY_CHARS} chars]`
    : body;
}
