import { ICarryAPIError, ICarryAuthError, ICarryBlockedError } from './icarry.errors';
import { redactSecrets } from './icarry.logger';

/**
 * The one place where an HTTP answer from iCarry becomes either a JSON object or a typed error.
 * iCarry (OpenCart/PHP behind a firewall) answers 200 with an `error` field on failure, may put
 * PHP notices before the JSON, may serve an HTML firewall page, and sends `error` as a string or
 * an OpenCart object (`{"error":{"key":"Warning: Incorrect API Key!"}}`).
 */

export interface RawICarryResponse {
  endpoint: string;
  httpStatus: number;
  text: string;
  /** `Location` header of a redirect, for the error message. */
  location?: string | null;
  /** Login errors are credential errors, never "token expired, log in again". */
  isLogin?: boolean;
  /** Booking and cancel: 5xx and unreadable answers leave the outcome unknown. */
  unsafe?: boolean;
  /**
   * A field whose presence means the call (at least partly) succeeded even when `error` is set:
   * booking answers a shipment_id with an empty awb and an explanation in `error`.
   */
  successKey?: string;
  /**
   * The field that carries the answer (`estimate`, `msg`). When it is present, `success: 0`
   * without an `error` is an empty answer ("no couriers", "not serviceable"), not a failure.
   */
  dataKey?: string;
  /** Values to scrub from bodies kept on errors (API key, token). */
  secrets?: readonly (string | null | undefined)[];
}

const HTML_START = /<!doctype\s+html|<html[\s>]/i;
/** Error texts that mean "your api_token is no good": log in again once and repeat. */
const TOKEN_ERROR = /token|auth|session|expired|log\s*-?in|permission/i;

export function isTokenErrorMessage(message: string): boolean {
  return TOKEN_ERROR.test(message);
}

/** Parses an iCarry answer into its JSON object or throws the matching ICarryError. */
export function interpretICarryResponse(raw: RawICarryResponse): Record<string, unknown> {
  const { endpoint, httpStatus } = raw;
  const unsafe = raw.unsafe ?? false;
  const body = redactSecrets(raw.text, raw.secrets);
  const firstBrace = raw.text.indexOf('{');
  const beforeJson = firstBrace < 0 ? raw.text : raw.text.slice(0, firstBrace);

  if (httpStatus >= 300 && httpStatus < 400) {
    // Following a redirect can turn a POST into a GET and drop the body: refuse instead.
    throw new ICarryAPIError(
      `iCarry redirected ${endpoint} (HTTP ${httpStatus}) to ${raw.location ?? 'an unknown location'}; fix the base URL`,
      {
        code: 'HTTP_ERROR',
        endpoint,
        httpStatus,
        body,
        retryable: false,
        outcomeUnknown: false,
        kind: 'other',
      },
    );
  }
  if (httpStatus >= 500) {
    throw new ICarryAPIError(`iCarry answered HTTP ${httpStatus} on ${endpoint}`, {
      code: 'HTTP_ERROR',
      endpoint,
      httpStatus,
      body,
      retryable: !unsafe,
      outcomeUnknown: unsafe,
      kind: 'other',
    });
  }
  if (httpStatus === 404 || httpStatus === 405) {
    // An HTML "page not found" here means a wrong base URL or endpoint, not a firewall.
    throw new ICarryAPIError(`iCarry has no ${endpoint} here (HTTP ${httpStatus}); check the base URL`, {
      code: 'HTTP_ERROR',
      endpoint,
      httpStatus,
      body,
      retryable: false,
      outcomeUnknown: false,
      kind: 'other',
    });
  }
  if (HTML_START.test(beforeJson)) {
    throw new ICarryBlockedError(
      `iCarry returned an HTML page instead of JSON on ${endpoint} (HTTP ${httpStatus}): probably its firewall blocking this server`,
      { endpoint, httpStatus, body, retryable: false, outcomeUnknown: false },
    );
  }
  if (httpStatus === 429) {
    throw new ICarryAPIError(`iCarry rate-limited ${endpoint} (HTTP 429)`, {
      code: 'HTTP_ERROR',
      endpoint,
      httpStatus,
      body,
      retryable: true,
      outcomeUnknown: false,
      kind: 'other',
    });
  }

  const json = extractJsonObject(raw.text);

  if (httpStatus === 401 || httpStatus === 403) {
    const message = (json && errorMessageOf(json)) ?? `HTTP ${httpStatus}`;
    throw new ICarryAuthError(`iCarry refused ${endpoint}: ${message}`, {
      endpoint,
      httpStatus,
      body,
      reason: raw.isLogin ? 'login_failed' : 'token_rejected',
    });
  }

  if (json === undefined) {
    throw new ICarryAPIError(
      raw.text.trim() === ''
        ? `iCarry sent an empty answer on ${endpoint}`
        : `iCarry sent an answer that is not JSON on ${endpoint}`,
      {
        code: 'MALFORMED_RESPONSE',
        endpoint,
        httpStatus,
        body,
        retryable: !unsafe,
        outcomeUnknown: unsafe,
        kind: 'other',
      },
    );
  }

  const errorMessage = errorMessageOf(json, raw.dataKey);
  if (errorMessage !== null) {
    if (raw.successKey !== undefined && hasValue(json[raw.successKey])) return json;
    if (raw.isLogin) {
      throw new ICarryAuthError(`iCarry login failed: ${errorMessage}`, {
        endpoint,
        httpStatus,
        body,
        reason: 'login_failed',
      });
    }
    if (isTokenErrorMessage(errorMessage)) {
      throw new ICarryAuthError(errorMessage, { endpoint, httpStatus, body, reason: 'token_rejected' });
    }
    throw new ICarryAPIError(errorMessage, {
      code: 'API_ERROR',
      endpoint,
      httpStatus,
      body,
      retryable: false,
      outcomeUnknown: false,
    });
  }

  if (httpStatus >= 400) {
    throw new ICarryAPIError(`iCarry answered HTTP ${httpStatus} on ${endpoint}`, {
      code: 'HTTP_ERROR',
      endpoint,
      httpStatus,
      body,
      retryable: false,
      outcomeUnknown: false,
      kind: 'other',
    });
  }
  return json;
}

/** `success` is 1, "1", true or a sentence when things went well; 0, "0", false or absent otherwise. */
export function isSuccessFlag(value: unknown): boolean {
  if (value === true || value === 1) return true;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    return text !== '' && text !== '0' && text !== 'false' && !text.startsWith('error');
  }
  return typeof value === 'number' && value !== 0;
}

function hasValue(value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  const text = String(value).trim();
  return text !== '' && text !== '0';
}

/**
 * The error text of an iCarry body, or null when it reports no error. Handles `error` as string,
 * OpenCart object or array, and `success: 0` with the reason in `message`/`msg` (or none at all).
 */
export function errorMessageOf(json: Record<string, unknown>, dataKey?: string): string | null {
  const fromError = textOf(json.error);
  if (fromError !== null) return fromError;
  if (dataKey !== undefined && Object.hasOwn(json, dataKey)) return null;
  const success = json.success;
  const failed =
    success === 0 ||
    success === false ||
    success === '0' ||
    (typeof success === 'string' && /^(false|error\b)/i.test(success.trim()));
  if (failed) {
    return (
      textOf(json.message) ??
      (typeof json.msg === 'string' ? textOf(json.msg) : null) ??
      'iCarry reported failure without a message'
    );
  }
  return null;
}

function textOf(value: unknown): string | null {
  if (value === null || value === undefined || value === false || value === 0) return null;
  if (typeof value === 'string') return value.trim() === '' || value.trim() === '0' ? null : value.trim();
  if (typeof value === 'number' || value === true) return `iCarry error ${String(value)}`;
  if (Array.isArray(value)) {
    const parts = value.map(textOf).filter((part): part is string => part !== null);
    return parts.length > 0 ? parts.join('; ') : null;
  }
  if (typeof value === 'object') {
    const parts = Object.values(value)
      .map(textOf)
      .filter((part): part is string => part !== null);
    return parts.length > 0 ? parts.join('; ') : null;
  }
  return null;
}

/**
 * Finds the JSON object in a body that may carry PHP notices or warnings before (or after) it:
 * tries the whole text, then each `{` as the start of a balanced object, outermost first.
 */
export function extractJsonObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  const whole = tryParseObject(trimmed);
  if (whole !== undefined) return whole;
  let start = trimmed.indexOf('{');
  for (let tries = 0; start >= 0 && tries < 50; tries += 1) {
    const end = findBalancedEnd(trimmed, start);
    if (end > start) {
      const candidate = tryParseObject(trimmed.slice(start, end + 1));
      if (candidate !== undefined) return candidate;
    }
    start = trimmed.indexOf('{', start + 1);
  }
  return undefined;
}

function tryParseObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Index of the `}` closing the object opened at `start`, honouring JSON strings; -1 if none. */
function findBalancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth += 1;
    else if (ch === '}' || ch === ']') {
      depth -= 1;
      if (depth === 0) return ch === '}' ? i : -1;
      if (depth < 0) return -1;
    }
  }
  return -1;
}
