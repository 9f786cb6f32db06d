import { z } from 'zod';
import { resolveICarryBaseUrl } from './icarry.base-url';
import {
  ICarryAPIError,
  ICarryAuthError,
  ICarryConnectionError,
  ICarryError,
  ICarryTimeoutError,
  ICarryValidationError,
} from './icarry.errors';
import { maskPhonesInText } from '../phone';
import { buildBookingFields, buildEstimateFields, requirePincode, requireShipmentId } from './icarry.form';
import type { FormFields } from './icarry.form';
import { redactSecrets, redactUrl, silentLogger } from './icarry.logger';
import type { ICarryLogger } from './icarry.logger';
import { interpretICarryResponse } from './icarry.response';
import {
  parseBillingResponse,
  parseBookingResponse,
  parseCancelResponse,
  parseCheckPincodeResponse,
  parseEstimateResponse,
  parseLabelResponse,
  parseLoginResponse,
  parseReverseShipmentResponse,
  parseStatusSyncResponse,
  parseTrackingResponse,
} from './icarry.schemas';
import type {
  BillingEntry,
  BookingInput,
  BookingResult,
  CallOptions,
  CancelResult,
  Estimate,
  EstimateInput,
  FetchLike,
  ICarryClientOptions,
  ICarryLabel,
  LabelOptions,
  LoginResult,
  PincodeServiceability,
  RetryPolicy,
  ReverseShipmentInput,
  ReverseShipmentResult,
  StatusSyncEntry,
  TrackingResult,
} from './icarry.types';

/** iCarry's endpoints (single-segment OpenCart SEO aliases, all POST). */
export const ICARRY_ENDPOINTS = {
  login: '/api_login',
  estimate: '/api_get_estimate',
  bookSurface: '/api_add_shipment_surface',
  bookAir: '/api_add_shipment_air',
  track: '/api_track_shipment',
  cancel: '/api_cancel_shipment',
  statusSync: '/api_shipment_status_sync',
  checkPincode: '/api_check_pincode',
  label: '/api_print_shipment_label',
  reverseShipment: '/api_add_reverse_shipment',
  billingSync: '/api_shipment_billing_sync',
} as const;

/** Server clients without a browser User-Agent get iCarry's firewall page instead of JSON. */
export const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** iCarry tokens last about 60 minutes; reuse for 50 to stay clear of the edge. */
export const DEFAULT_TOKEN_TTL_MS = 50 * 60 * 1000;
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 5_000 };
/** Status and billing sync are chunked so one request never carries an unbounded id list. */
export const STATUS_SYNC_CHUNK_SIZE = 50;
/** iCarry's `reason` and `contents` fields take at most 255 characters. */
const MAX_REASON_CHARS = 255;

/**
 * Error codes that prove the request never left this machine (no TCP connection was made), so
 * even a booking can be repeated without risking a second shipment.
 */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface RequestSpec<T> {
  /** Method name, for logs ("book"). */
  op: string;
  endpoint: string;
  fields: FormFields;
  /**
   * Safe calls may be repeated after a timeout, 5xx or dropped connection. Unsafe ones (book,
   * cancel) are repeated only when the request provably never left (or after a token rejection,
   * which proves iCarry did not act on it).
   */
  safe: boolean;
  auth: boolean;
  isLogin?: boolean;
  successKey?: string;
  dataKey?: string;
  parse: (body: Record<string, unknown>) => T;
  /** Non-personal context for log lines (order reference, shipment id, counts). */
  logContext?: Record<string, unknown>;
}

/**
 * Client for iCarry's real HTTP API (www.icarry.in). Never reads the environment: everything
 * comes in through the constructor. Safe calls retry with capped, jittered exponential backoff;
 * booking is never repeated once it may have reached iCarry (see `book`).
 */
export class ICarryClient {
  readonly baseUrl: string;
  private readonly username: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: FetchLike;
  private readonly logger: ICarryLogger;
  private readonly retry: RetryPolicy;
  private readonly userAgent: string;
  private readonly now: () => number;
  private readonly tokenTtlMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private cachedToken: { value: string; obtainedAt: number } | null = null;
  private pendingLogin: Promise<string> | null = null;

  constructor(options: ICarryClientOptions) {
    if (typeof options.username !== 'string' || options.username.trim() === '') {
      throw new ICarryValidationError('iCarry username is required', { field: 'username' });
    }
    if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
      throw new ICarryValidationError('iCarry API key is required', { field: 'apiKey' });
    }
    this.username = options.username.trim();
    this.apiKey = options.apiKey.trim();
    this.logger = options.logger ?? silentLogger;
    this.baseUrl = resolveICarryBaseUrl(options.baseUrl, this.logger);
    this.timeoutMs = positiveOr(options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    this.retry = {
      maxAttempts: Math.max(1, Math.floor(retry.maxAttempts)),
      baseDelayMs: Math.max(0, retry.baseDelayMs),
      maxDelayMs: Math.max(0, retry.maxDelayMs),
    };
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.now = options.now ?? Date.now;
    this.tokenTtlMs = positiveOr(options.tokenTtlMs, DEFAULT_TOKEN_TTL_MS);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  /**
   * Logs in (POST /api_login with `username` and `key`) and caches the token. Other methods call
   * this on demand; call it yourself to check credentials. Throws ICarryAuthError when refused.
   */
  async login(options: CallOptions = {}): Promise<LoginResult> {
    this.cachedToken = null;
    await this.obtainToken(options);
    const obtainedAt = this.tokenObtainedAt() ?? this.now();
    return { loggedInAt: new Date(obtainedAt), reuseUntil: new Date(obtainedAt + this.tokenTtlMs) };
  }

  /**
   * Rates for one parcel, cheapest first. An empty list means no courier serves the route;
   * an explicit refusal from iCarry throws ICarryAPIError (kind 'not_serviceable' for pincodes).
   */
  async estimate(input: EstimateInput, options: CallOptions = {}): Promise<Estimate[]> {
    const fields = buildEstimateFields(input);
    const parsed = await this.request(
      {
        op: 'estimate',
        endpoint: ICARRY_ENDPOINTS.estimate,
        fields,
        safe: true,
        auth: true,
        dataKey: 'estimate',
        parse: parseEstimateResponse,
        logContext: {
          originPincode: input.originPincode,
          destinationPincode: input.destinationPincode,
          mode: input.mode,
          paymentType: input.paymentType,
        },
      },
      options,
    );
    if (parsed.skipped > 0) {
      this.logger.warn(
        { endpoint: ICARRY_ENDPOINTS.estimate, skipped: parsed.skipped },
        `[iCarry] estimate: ignored ${parsed.skipped} courier entries without id or cost`,
      );
    }
    return parsed.estimates;
  }

  /** Serviceability of one pincode from `api_check_pincode` (Y/N flags; empty = not serviceable). */
  async checkPincode(pincode: string, options: CallOptions = {}): Promise<PincodeServiceability> {
    const code = requirePincode(pincode, 'pincode');
    try {
      return await this.request(
        {
          op: 'checkPincode',
          endpoint: ICARRY_ENDPOINTS.checkPincode,
          fields: [['pincode', code]],
          safe: true,
          auth: true,
          dataKey: 'msg',
          parse: parseCheckPincodeResponse,
          logContext: { pincode: code },
        },
        options,
      );
    } catch (error) {
      // "Pincode not serviceable." is an answer to this question, not a failure.
      if (error instanceof ICarryAPIError && error.code === 'API_ERROR' && error.kind === 'not_serviceable') {
        return { serviceable: false, prepaid: false, cod: false, pickup: false };
      }
      throw error;
    }
  }

  /**
   * Books a shipment: `/api_add_shipment_surface` for surface, `/api_add_shipment_air` for express.
   *
   * Booking is not idempotent at iCarry, so it is repeated only when the request provably never
   * left this machine (connection refused, DNS failure, connect timeout) or iCarry rejected the
   * token (it did not act). After a timeout, a dropped connection, a 5xx or an unreadable answer
   * it throws with `outcomeUnknown: true` (ICarryTimeoutError for timeouts and drops): the booking
   * may exist and must be resolved, never retried blindly.
   *
   * A shipment id without AWB (bad pickup address, save_only) is returned with `awb: null`.
   * Throws ICarryValidationError before sending for input iCarry would refuse.
   */
  async book(input: BookingInput, options: CallOptions = {}): Promise<BookingResult> {
    const fields = buildBookingFields(input);
    return this.request(
      {
        op: 'book',
        endpoint: input.mode === 'express' ? ICARRY_ENDPOINTS.bookAir : ICARRY_ENDPOINTS.bookSurface,
        fields,
        safe: false,
        auth: true,
        successKey: 'shipment_id',
        parse: parseBookingResponse,
        logContext: {
          clientOrderId: input.clientOrderId,
          courierId: input.courierId ?? null,
          mode: input.mode,
          parcelType: input.parcel.type,
        },
      },
      options,
    );
  }

  /** Tracking details by iCarry shipment id (iCarry rejects AWBs here). */
  async track(shipmentId: string, options: CallOptions = {}): Promise<TrackingResult> {
    const id = requireShipmentId(shipmentId);
    return this.request(
      {
        op: 'track',
        endpoint: ICARRY_ENDPOINTS.track,
        fields: [['shipment_id', id]],
        safe: true,
        auth: true,
        parse: (body) => parseTrackingResponse(body, id),
        logContext: { shipmentId: id },
      },
      options,
    );
  }

  /**
   * Numeric status codes for many shipments, in chunks of 50 (sequential, to stay gentle). Code
   * "0" (and any code we do not know) is kept with `isUnknown: true`; never treat it as a status.
   * Ids iCarry does not mention are simply absent from the result.
   */
  async syncStatuses(shipmentIds: readonly string[], options: CallOptions = {}): Promise<StatusSyncEntry[]> {
    const ids = [...new Set(shipmentIds.map((id, index) => requireShipmentId(id, `shipmentIds.${index}`)))];
    const results: StatusSyncEntry[] = [];
    for (let start = 0; start < ids.length; start += STATUS_SYNC_CHUNK_SIZE) {
      const chunk = ids.slice(start, start + STATUS_SYNC_CHUNK_SIZE);
      const parsed = await this.request(
        {
          op: 'syncStatuses',
          endpoint: ICARRY_ENDPOINTS.statusSync,
          fields: chunk.map((id, index): [string, string] => [`shipment_ids[${index}]`, id]),
          safe: true,
          auth: true,
          dataKey: 'msg',
          parse: parseStatusSyncResponse,
          logContext: { count: chunk.length, chunk: start / STATUS_SYNC_CHUNK_SIZE },
        },
        options,
      );
      if (parsed.skipped > 0) {
        this.logger.warn(
          { endpoint: ICARRY_ENDPOINTS.statusSync, skipped: parsed.skipped },
          `[iCarry] syncStatuses: ignored ${parsed.skipped} entries without shipment id`,
        );
      }
      results.push(...parsed.entries);
    }
    return results;
  }

  /**
   * Cancels by iCarry shipment id (allowed by iCarry only before pickup). Not retried unless the
   * request provably never left; a refusal throws ICarryAPIError with iCarry's reason.
   */
  async cancel(shipmentId: string, options: CallOptions = {}): Promise<CancelResult> {
    const id = requireShipmentId(shipmentId);
    return this.request(
      {
        op: 'cancel',
        endpoint: ICARRY_ENDPOINTS.cancel,
        fields: [['shipment_id', id]],
        safe: false,
        auth: true,
        parse: parseCancelResponse,
        logContext: { shipmentId: id },
      },
      options,
    );
  }

  /**
   * The shipment's label from `api_print_shipment_label`: PDF URLs, or label data to print
   * ourselves (see ICarryLabel). A refusal ("Label not available") or an answer of another shape
   * is `{ kind: 'none', reason }`; only transport, firewall and login failures throw.
   */
  async label(shipmentId: string, options: LabelOptions = {}): Promise<ICarryLabel> {
    const id = requireShipmentId(shipmentId);
    const fields: FormFields = [['shipment_id', id]];
    if (options.paperSize !== undefined) fields.push(['paper_size', options.paperSize]);
    try {
      return await this.request(
        {
          op: 'label',
          endpoint: ICARRY_ENDPOINTS.label,
          fields,
          safe: true,
          auth: true,
          parse: parseLabelResponse,
          logContext: { shipmentId: id },
        },
        options,
      );
    } catch (error) {
      if (error instanceof ICarryAPIError && (error.code === 'API_ERROR' || error.code === 'MALFORMED_RESPONSE')) {
        return { kind: 'none', reason: `iCarry gave no label: ${this.safeMessage(error.message)}` };
      }
      throw error;
    }
  }

  /**
   * Books a return pickup (`api_add_reverse_shipment`) for a delivered shipment: the courier
   * collects from its consignee and delivers to our warehouse. The answer is a new shipment with
   * its own id and AWB. Like `book`, never repeated once the request may have reached iCarry: a
   * timeout or an unreadable answer throws with `outcomeUnknown: true`.
   */
  async addReverseShipment(input: ReverseShipmentInput, options: CallOptions = {}): Promise<ReverseShipmentResult> {
    const forwardId = requireShipmentId(input.shipmentId);
    const fields: FormFields = [['shipment_id', forwardId]];
    const clientOrderId = input.clientOrderId?.trim() ?? '';
    if (clientOrderId !== '') fields.push(['client_order_id', clientOrderId]);
    if (input.returnAddressId !== undefined) {
      const warehouse = String(input.returnAddressId).trim();
      if (!/^\d{1,12}$/.test(warehouse) || /^0+$/.test(warehouse)) {
        throw new ICarryValidationError("returnAddressId: must be iCarry's numeric warehouse id", {
          field: 'returnAddressId',
        });
      }
      fields.push(['return_address_id', warehouse]);
    }
    const reason = input.reason?.replace(/\s+/g, ' ').trim() ?? '';
    if (reason !== '') fields.push(['reason', reason.slice(0, MAX_REASON_CHARS)]);
    return this.request(
      {
        op: 'addReverseShipment',
        endpoint: ICARRY_ENDPOINTS.reverseShipment,
        fields,
        safe: false,
        auth: true,
        successKey: 'shipment_id',
        parse: (body) => parseReverseShipmentResponse(body, forwardId),
        logContext: { forwardShipmentId: forwardId, clientOrderId: clientOrderId === '' ? null : clientOrderId },
      },
      options,
    );
  }

  /**
   * What iCarry billed for shipments (`api_shipment_billing_sync`), in chunks of 50 like
   * `syncStatuses`. `miles` is the charge in rupees, returned as `chargedPaise`. Shipments iCarry
   * has not billed yet (no entry, or no positive charge) are absent from the result.
   */
  async billingSync(shipmentIds: readonly string[], options: CallOptions = {}): Promise<BillingEntry[]> {
    const ids = [...new Set(shipmentIds.map((id, index) => requireShipmentId(id, `shipmentIds.${index}`)))];
    const results: BillingEntry[] = [];
    for (let start = 0; start < ids.length; start += STATUS_SYNC_CHUNK_SIZE) {
      const chunk = ids.slice(start, start + STATUS_SYNC_CHUNK_SIZE);
      const parsed = await this.request(
        {
          op: 'billingSync',
          endpoint: ICARRY_ENDPOINTS.billingSync,
          fields: chunk.map((id, index): [string, string] => [`shipment_ids[${index}]`, id]),
          safe: true,
          auth: true,
          dataKey: 'msg',
          parse: parseBillingResponse,
          logContext: { count: chunk.length, chunk: start / STATUS_SYNC_CHUNK_SIZE },
        },
        options,
      );
      if (parsed.skipped > 0) {
        this.logger.info(
          { endpoint: ICARRY_ENDPOINTS.billingSync, skipped: parsed.skipped },
          `[iCarry] billingSync: ${parsed.skipped} entries not billed yet or unreadable`,
        );
      }
      results.push(...parsed.entries);
    }
    return results;
  }

  /**
   * The longest a `book()` (or `cancel`, `addReverseShipment`) call can take before it returns or
   * throws, with this client's timeout and retry policy: a login with its retries, the call with
   * the retries allowed when nothing was sent, and one re-login after a rejected token. A booking
   * row younger than this may still be in flight; declare it stale only after it.
   */
  worstCaseBookingMs(options: Pick<CallOptions, 'timeoutMs'> = {}): number {
    const timeoutMs = positiveOr(options.timeoutMs, this.timeoutMs);
    const attempts = this.retry.maxAttempts;
    const backoffMs = (attempts - 1) * this.retry.maxDelayMs;
    const loginMs = attempts * timeoutMs + backoffMs;
    return 2 * loginMs + (attempts + 1) * timeoutMs + backoffMs;
  }

  private obtainToken(options: CallOptions): Promise<string> {
    const cached = this.cachedToken;
    if (cached !== null && this.now() - cached.obtainedAt < this.tokenTtlMs) return Promise.resolve(cached.value);
    // One login at a time: concurrent calls share it instead of creating several sessions.
    if (this.pendingLogin !== null) return this.pendingLogin;
    const pending = this.request(
      {
        op: 'login',
        endpoint: ICARRY_ENDPOINTS.login,
        fields: [
          ['username', this.username],
          ['key', this.apiKey],
        ],
        safe: true,
        auth: false,
        isLogin: true,
        parse: parseLoginResponse,
      },
      // The login is shared by every waiting call: the caller's own hook runs before its own request.
      { ...options, beforeSend: undefined },
    )
      .then((token) => {
        this.cachedToken = { value: token, obtainedAt: this.now() };
        return token;
      })
      .finally(() => {
        this.pendingLogin = null;
      });
    this.pendingLogin = pending;
    return pending;
  }

  private tokenObtainedAt(): number | null {
    return this.cachedToken?.obtainedAt ?? null;
  }

  private forgetToken(token: string): void {
    // Another call may already have replaced it with a fresh one.
    if (this.cachedToken?.value === token) this.cachedToken = null;
  }

  private async request<T>(spec: RequestSpec<T>, options: CallOptions): Promise<T> {
    let attempt = 0;
    let retriesLeft = this.retry.maxAttempts - 1;
    let reloggedIn = false;
    for (;;) {
      attempt += 1;
      const token = spec.auth ? await this.obtainToken(options) : null;
      await options.beforeSend?.();
      try {
        return await this.attempt(spec, token, attempt, options);
      } catch (error) {
        if (spec.auth && !reloggedIn && error instanceof ICarryAuthError && error.reason === 'token_rejected') {
          // iCarry refused the token, so it did not act on the call: safe to repeat once, even a booking.
          reloggedIn = true;
          if (token !== null) this.forgetToken(token);
          this.logger.warn(
            { endpoint: spec.endpoint, op: spec.op, attempt },
            `[iCarry] ${spec.op}: token rejected, logging in again once`,
          );
          continue;
        }
        if (retriesLeft > 0 && this.isRetryable(spec, error) && options.signal?.aborted !== true) {
          retriesLeft -= 1;
          const delayMs = this.backoffMs(attempt);
          this.logger.warn(
            { endpoint: spec.endpoint, op: spec.op, attempt, delayMs, code: (error as ICarryError).code },
            `[iCarry] ${spec.op}: retrying in ${delayMs} ms after ${(error as ICarryError).code}`,
          );
          await this.sleep(delayMs);
          continue;
        }
        throw error;
      }
    }
  }

  private isRetryable(spec: RequestSpec<unknown>, error: unknown): boolean {
    if (!(error instanceof ICarryError) || !error.retryable) return false;
    if (spec.safe) return true;
    return error instanceof ICarryConnectionError && error.neverSent;
  }

  /** Full jitter over a capped exponential: spreads retries from many instances. */
  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private async attempt<T>(
    spec: RequestSpec<T>,
    token: string | null,
    attempt: number,
    options: CallOptions,
  ): Promise<T> {
    const url =
      token === null
        ? `${this.baseUrl}${spec.endpoint}`
        : `${this.baseUrl}${spec.endpoint}?api_token=${encodeURIComponent(token)}`;
    const timeoutMs = positiveOr(options.timeoutMs, this.timeoutMs);
    // A cleared timer rather than AbortSignal.timeout: thousands of calls leave no pending timers.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`iCarry ${spec.endpoint} timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    const signal =
      options.signal === undefined ? controller.signal : AbortSignal.any([controller.signal, options.signal]);
    const started = performance.now();
    const secrets = [this.apiKey, token];

    let httpStatus: number;
    let text: string;
    let location: string | null;
    try {
      if (options.signal?.aborted === true) throw options.signal.reason;
      const response = await untilAborted(
        this.fetchImpl(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json, text/plain, */*',
            'User-Agent': this.userAgent,
          },
          body: new URLSearchParams(spec.fields).toString(),
          signal,
          // A redirect could turn the POST into a GET and drop the body: surface it instead.
          redirect: 'manual',
        }),
        signal,
      );
      httpStatus = response.status;
      location = response.headers.get('location');
      text = await untilAborted(response.text(), signal);
    } catch (cause) {
      const error = this.transportError(spec, cause, timedOut, options.signal?.aborted === true, timeoutMs);
      this.logAttempt(spec, url, attempt, started, error);
      throw error;
    } finally {
      clearTimeout(timer);
    }

    try {
      const body = interpretICarryResponse({
        endpoint: spec.endpoint,
        httpStatus,
        text,
        location,
        isLogin: spec.isLogin,
        unsafe: !spec.safe,
        successKey: spec.successKey,
        dataKey: spec.dataKey,
        secrets,
      });
      let result: T;
      try {
        result = spec.parse(body);
      } catch (cause) {
        throw new ICarryAPIError(
          `iCarry's answer on ${spec.endpoint} did not have the expected shape${describeIssues(cause)}`,
          {
            code: 'MALFORMED_RESPONSE',
            endpoint: spec.endpoint,
            httpStatus,
            body: redactSecrets(text, secrets),
            retryable: spec.safe,
            outcomeUnknown: !spec.safe,
            kind: 'other',
            cause,
          },
        );
      }
      this.logAttempt(spec, url, attempt, started, null, httpStatus);
      return result;
    } catch (error) {
      if (error instanceof ICarryError) this.logAttempt(spec, url, attempt, started, error);
      throw error;
    }
  }

  private transportError(
    spec: RequestSpec<unknown>,
    cause: unknown,
    timedOut: boolean,
    callerAborted: boolean,
    timeoutMs: number,
  ): ICarryError {
    const unsafe = !spec.safe;
    if (timedOut) {
      return new ICarryTimeoutError(
        unsafe
          ? `iCarry did not answer ${spec.endpoint} within ${timeoutMs} ms; the request may have been processed`
          : `iCarry did not answer ${spec.endpoint} within ${timeoutMs} ms`,
        { endpoint: spec.endpoint, reason: 'timeout', timeoutMs, retryable: !unsafe, outcomeUnknown: unsafe, cause },
      );
    }
    if (callerAborted || isAbortError(cause)) {
      return new ICarryTimeoutError(`The call to iCarry ${spec.endpoint} was aborted by the caller`, {
        endpoint: spec.endpoint,
        reason: 'aborted',
        timeoutMs,
        retryable: false,
        outcomeUnknown: unsafe,
        cause,
      });
    }
    const codes = errorCodes(cause);
    const osCode = codes[0] ?? null;
    const neverSent = codes.length > 0 && codes.every((code) => NEVER_SENT_CODES.has(code));
    if (neverSent) {
      return new ICarryConnectionError(
        `Could not connect to iCarry for ${spec.endpoint} (${osCode ?? 'unknown'}); nothing was sent`,
        {
          endpoint: spec.endpoint,
          neverSent: true,
          osCode,
          retryable: true,
          outcomeUnknown: false,
          cause,
        },
      );
    }
    if (unsafe) {
      return new ICarryTimeoutError(
        `The connection to iCarry dropped during ${spec.endpoint} (${osCode ?? 'unknown'}); the request may have been processed`,
        {
          endpoint: spec.endpoint,
          reason: 'connection_lost',
          timeoutMs,
          retryable: false,
          outcomeUnknown: true,
          cause,
        },
      );
    }
    return new ICarryConnectionError(
      `The connection to iCarry failed during ${spec.endpoint} (${osCode ?? 'unknown'})`,
      {
        endpoint: spec.endpoint,
        neverSent: false,
        osCode,
        retryable: true,
        outcomeUnknown: false,
        cause,
      },
    );
  }

  private logAttempt(
    spec: RequestSpec<unknown>,
    url: string,
    attempt: number,
    started: number,
    error: ICarryError | null,
    httpStatus?: number,
  ): void {
    const durationMs = Math.round(performance.now() - started);
    const base = { endpoint: spec.endpoint, op: spec.op, attempt, durationMs, url: redactUrl(url), ...spec.logContext };
    if (error === null) {
      this.logger.info(
        { ...base, outcome: 'ok', httpStatus },
        `[iCarry] ${spec.op} ${spec.endpoint} ok in ${durationMs} ms (attempt ${attempt})`,
      );
      return;
    }
    const detail = {
      ...base,
      outcome: error.code,
      httpStatus: error.httpStatus,
      retryable: error.retryable,
      outcomeUnknown: error.outcomeUnknown,
      kind: error instanceof ICarryAPIError ? error.kind : undefined,
      icarryMessage: this.safeMessage(error.message),
    };
    const message = `[iCarry] ${spec.op} ${spec.endpoint} failed (${error.code}) in ${durationMs} ms (attempt ${attempt})`;
    if (error.outcomeUnknown) this.logger.error(detail, `${message}: outcome unknown, do not retry blindly`);
    else this.logger.warn(detail, message);
  }

  private safeMessage(message: string): string {
    return maskPhonesInText(redactSecrets(message, [this.apiKey, this.cachedToken?.value]));
  }
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Rejects as soon as `signal` aborts, even when an injected fetch (or a body stream) ignores the
 * signal: a hung call must end at the timeout whatever the transport does.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** OS/undici error codes along the cause chain (fetch wraps them in "TypeError: fetch failed"). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 5 || typeof error !== 'object' || error === null) return [];
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (Array.isArray(record.errors) && record.errors.length > 0) {
    return record.errors.flatMap((inner) => errorCodes(inner, depth + 1));
  }
  const own = typeof record.code === 'string' ? [record.code] : [];
  const inner = errorCodes(record.cause, depth + 1);
  return inner.length > 0 ? inner : own;
}

function describeIssues(cause: unknown): string {
  if (cause instanceof z.ZodError) {
    const paths = cause.issues.slice(0, 5).map((issue) => (issue.path.length > 0 ? issue.path.join('.') : '(root)'));
    return ` (problem at: ${paths.join(', ')})`;
  }
  return '';
}
