import { resolveICarryBaseUrl } from './icarry.base-url';
import { ICarryAPIError, ICarryValidationError } from './icarry.errors';
import { buildBookingFields, buildEstimateFields, requirePincode, requireShipmentId } from './icarry.form';
import type { FormFields } from './icarry.form';
import { silentLogger } from './icarry.logger';
import type { ICarryLogger } from './icarry.logger';
import { ICARRY_ENDPOINTS } from './icarry.request';
import {
  parseBillingResponse,
  parseBookingResponse,
  parseCancelResponse,
  parseCheckPincodeResponse,
  parseEstimateResponse,
  parseLabelResponse,
  parseReverseShipmentResponse,
  parseStatusSyncResponse,
  parseTrackingResponse,
} from './icarry.schemas';
import { DEFAULT_TOKEN_TTL_MS, ICarrySession } from './icarry.session';
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT, ICarryTransport, positiveOr } from './icarry.transport';
import type {
  BillingEntry,
  BookingInput,
  BookingResult,
  CallOptions,
  CancelResult,
  Estimate,
  EstimateInput,
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

/** Status and billing sync are chunked so one request never carries an unbounded id list. */
export const STATUS_SYNC_CHUNK_SIZE = 50;
/** iCarry's `reason` and `contents` fields take at most 255 characters. */
const MAX_REASON_CHARS = 255;

/**
 * Client for iCarry's real HTTP API (www.icarry.in). Never reads the environment: everything
 * comes in through the constructor. Safe calls retry with capped, jittered exponential backoff;
 * booking is never repeated once it may have reached iCarry (see `book`). Each method builds its
 * request and reads the answer; sending, retrying and reading the reply is icarry.transport's
 * job, the token icarry.session's.
 */
export class ICarryClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly logger: ICarryLogger;
  private readonly retry: RetryPolicy;
  private readonly now: () => number;
  private readonly tokenTtlMs: number;
  private readonly session: ICarrySession;
  private readonly transport: ICarryTransport;

  constructor(options: ICarryClientOptions) {
    if (typeof options.username !== 'string' || options.username.trim() === '') {
      throw new ICarryValidationError('iCarry username is required', { field: 'username' });
    }
    if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
      throw new ICarryValidationError('iCarry API key is required', { field: 'apiKey' });
    }
    const username = options.username.trim();
    const apiKey = options.apiKey.trim();
    this.logger = options.logger ?? silentLogger;
    this.baseUrl = resolveICarryBaseUrl(options.baseUrl, this.logger);
    this.timeoutMs = positiveOr(options.timeoutMs, DEFAULT_TIMEOUT_MS);
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    this.retry = {
      maxAttempts: Math.max(1, Math.floor(retry.maxAttempts)),
      baseDelayMs: Math.max(0, retry.baseDelayMs),
      maxDelayMs: Math.max(0, retry.maxDelayMs),
    };
    this.now = options.now ?? Date.now;
    this.tokenTtlMs = positiveOr(options.tokenTtlMs, DEFAULT_TOKEN_TTL_MS);
    this.session = new ICarrySession({
      username,
      apiKey,
      now: this.now,
      tokenTtlMs: this.tokenTtlMs,
      send: (spec, callOptions) => this.transport.request(spec, callOptions),
    });
    this.transport = new ICarryTransport({
      baseUrl: this.baseUrl,
      apiKey,
      timeoutMs: this.timeoutMs,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      logger: this.logger,
      retry: this.retry,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
      session: this.session,
    });
  }

  /**
   * Logs in (POST /api_login with `username` and `key`) and caches the token. Other methods call
   * this on demand; call it yourself to check credentials. Throws ICarryAuthError when refused.
   */
  async login(options: CallOptions = {}): Promise<LoginResult> {
    this.session.clear();
    await this.session.obtainToken(options);
    const obtainedAt = this.session.tokenObtainedAt() ?? this.now();
    return { loggedInAt: new Date(obtainedAt), reuseUntil: new Date(obtainedAt + this.tokenTtlMs) };
  }

  /**
   * Rates for one parcel, cheapest first. An empty list means no courier serves the route;
   * an explicit refusal from iCarry throws ICarryAPIError (kind 'not_serviceable' for pincodes).
   */
  async estimate(input: EstimateInput, options: CallOptions = {}): Promise<Estimate[]> {
    const fields = buildEstimateFields(input);
    const parsed = await this.transport.request(
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
      return await this.transport.request(
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
    return this.transport.request(
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
    return this.transport.request(
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
      const parsed = await this.transport.request(
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
    return this.transport.request(
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
      return await this.transport.request(
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
        return { kind: 'none', reason: `iCarry gave no label: ${this.transport.safeMessage(error.message)}` };
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
    return this.transport.request(
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
      const parsed = await this.transport.request(
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
}
