/**
 * What kind of failure a code is, in tRPC's words: the tRPC procedures answer with it, the REST API
 * and the server-rendered pages turn it into an HTTP status. entry/trpc/init.ts checks at compile
 * time that every kind is one of tRPC's codes (this layer imports no transport).
 */
export type AppErrorKind =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'UNPROCESSABLE_CONTENT'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE';

/**
 * The closed set of failures the product explains to people. Each has one tRPC code and one
 * message a store admin (or customer) can act on; the log gets the cause.
 */
export const APP_ERROR_CODES = {
  UNAUTHENTICATED: { trpc: 'UNAUTHORIZED', message: 'Please sign in again.' },
  INVALID_CREDENTIALS: { trpc: 'UNAUTHORIZED', message: 'That email and password do not match an admin account.' },
  PASSWORD_NOT_ACCEPTED: { trpc: 'BAD_REQUEST', message: 'That password cannot be used.' },
  ADMIN_NOT_FOUND: { trpc: 'NOT_FOUND', message: 'No admin account has that email.' },
  RATE_LIMITED: { trpc: 'TOO_MANY_REQUESTS', message: 'Too many attempts. Please wait a few minutes and try again.' },
  ORDER_NOT_FOUND: { trpc: 'NOT_FOUND', message: 'No such order.' },
  TRACKING_NOT_FOUND: {
    trpc: 'NOT_FOUND',
    message:
      'We could not find an order with those details. Check the link in your message or the last four digits of your phone.',
  },
  ORDER_NOT_SHIPPABLE: { trpc: 'PRECONDITION_FAILED', message: 'Only orders in Processing can be shipped.' },
  ORDER_ALREADY_SHIPPED: { trpc: 'CONFLICT', message: 'This order already has a shipment.' },
  BOOKING_IN_PROGRESS: {
    trpc: 'CONFLICT',
    message: 'This order is being booked right now. Wait a moment and refresh.',
  },
  ADDRESS_INCOMPLETE: { trpc: 'PRECONDITION_FAILED', message: 'The delivery address is incomplete.' },
  PINCODE_NOT_SERVICEABLE: { trpc: 'PRECONDITION_FAILED', message: 'iCarry does not deliver to this pincode.' },
  COD_NOT_AVAILABLE: { trpc: 'PRECONDITION_FAILED', message: 'Cash on delivery is not available at this pincode.' },
  COURIER_UNAVAILABLE: { trpc: 'PRECONDITION_FAILED', message: 'The chosen courier is not offered for this parcel.' },
  COURIER_REFUSED: { trpc: 'PRECONDITION_FAILED', message: 'iCarry refused the booking.' },
  ICARRY_ACCOUNT_PROBLEM: {
    trpc: 'PRECONDITION_FAILED',
    message: 'iCarry refused the booking because of the account (wallet, KYC or holds).',
  },
  ICARRY_NOT_CONFIGURED: { trpc: 'PRECONDITION_FAILED', message: 'No iCarry account is configured.' },
  ICARRY_UNAVAILABLE: {
    trpc: 'SERVICE_UNAVAILABLE',
    message: 'iCarry is not answering right now. Nothing was booked; try again shortly.',
  },
  BOOKING_OUTCOME_UNKNOWN: {
    trpc: 'CONFLICT',
    message:
      'iCarry did not answer in time, so we do not know whether the parcel was booked. Check the iCarry panel and resolve it here.',
  },
  BOOKING_NEEDS_REVIEW: {
    trpc: 'CONFLICT',
    message:
      'iCarry booked this parcel after the booking had been marked as not booked. The order is flagged: check the iCarry panel for a second parcel.',
  },
  BOOKING_SUPERSEDED: {
    trpc: 'CONFLICT',
    message:
      'While this booking waited for iCarry, it was marked as not booked here, so it was not sent. Refresh to see the order as it is now.',
  },
  BOOKING_REF_TAKEN: {
    trpc: 'CONFLICT',
    message: 'That iCarry shipment or AWB already belongs to another shipment here.',
  },
  BOOKING_REF_MISMATCH: {
    trpc: 'PRECONDITION_FAILED',
    message: 'That iCarry shipment was booked for another order.',
  },
  BOOKING_NOT_UNKNOWN: { trpc: 'PRECONDITION_FAILED', message: 'This order has no booking waiting to be resolved.' },
  SHIPMENT_NOT_FOUND: { trpc: 'NOT_FOUND', message: 'This order has no active shipment.' },
  SHIPMENT_NOT_CANCELLABLE: {
    trpc: 'PRECONDITION_FAILED',
    message: 'The parcel has been picked up; it can no longer be cancelled.',
  },
  STATUS_OVERRIDE_INVALID: { trpc: 'BAD_REQUEST', message: 'That status change is not allowed.' },
  INPUT_HAS_NUL: { trpc: 'BAD_REQUEST', message: 'Text cannot contain NUL characters.' },
  /** The text rule (@app/shipping text.ts): the userMessage names the field and the character. */
  TEXT_NOT_ACCEPTED: {
    trpc: 'BAD_REQUEST',
    message: 'Text cannot contain control characters, bidirectional controls or broken characters.',
  },
  INVALID_CURSOR: { trpc: 'BAD_REQUEST', message: 'That page link is no longer valid; start from the first page.' },
  INBOX_ENTRY_NOT_FOUND: { trpc: 'NOT_FOUND', message: 'No such webhook in the inbox.' },
  BATCH_NOT_FOUND: { trpc: 'NOT_FOUND', message: 'No such bulk shipment.' },
  BATCH_ORDERS_NOT_FOUND: { trpc: 'NOT_FOUND', message: 'Some of the selected orders do not exist.' },
  BATCH_TOO_LARGE: {
    trpc: 'BAD_REQUEST',
    message: 'Too many orders for one bulk shipment. Narrow the selection and ship the rest in another batch.',
  },
  BATCH_EMPTY: { trpc: 'PRECONDITION_FAILED', message: 'No orders match the selection.' },
  ORDER_NOT_RETURNABLE: { trpc: 'PRECONDITION_FAILED', message: 'Only Delivered orders can be returned.' },
  RETURN_ALREADY_BOOKED: { trpc: 'CONFLICT', message: 'This order already has a return pickup.' },
  RETURN_IN_PROGRESS: {
    trpc: 'CONFLICT',
    message: 'A return pickup for this order is being booked right now. Wait a moment and refresh.',
  },
  RETURN_OUTCOME_UNKNOWN: {
    trpc: 'CONFLICT',
    message:
      'iCarry did not answer in time, so we do not know whether the return pickup was booked. Check the iCarry panel; a status update from iCarry settles it here.',
  },
  NDR_NOT_OPEN: {
    trpc: 'PRECONDITION_FAILED',
    message:
      'There is no failed delivery waiting for your answer on this order (it may have moved on, or the time to answer has passed).',
  },
  NDR_ALREADY_ANSWERED: {
    trpc: 'CONFLICT',
    message: 'We already have your answer for this delivery attempt and have passed it to the courier.',
  },
  NDR_CHOICE_NOT_OFFERED: { trpc: 'BAD_REQUEST', message: 'That option is not available for this delivery problem.' },
  NDR_DATE_OUT_OF_WINDOW: {
    trpc: 'BAD_REQUEST',
    message: 'Choose a delivery date the courier can still make.',
  },
  NDR_ANSWER_INCOMPLETE: {
    trpc: 'BAD_REQUEST',
    message: 'Tell us what to change: a landmark, a corrected address line or another phone number.',
  },
  WHATSAPP_REPLY_INVALID: {
    trpc: 'BAD_REQUEST',
    message: 'That WhatsApp reply does not belong to one of our messages.',
  },
  COD_NOT_CONFIRMED: {
    trpc: 'PRECONDITION_FAILED',
    message:
      'The customer has not confirmed this cash-on-delivery order. Call them, or ship it anyway with "Ship without confirmation".',
  },
  COD_CONFIRMATION_CLOSED: {
    trpc: 'CONFLICT',
    message: 'This order can no longer be confirmed or cancelled here. Please contact the store.',
  },
  SANDBOX_ONLY: { trpc: 'FORBIDDEN', message: 'Sandbox controls work only in sandbox mode.' },
  CROSS_SITE_REQUEST: { trpc: 'FORBIDDEN', message: 'Cross-site requests are not allowed.' },
  // Orders in (REST Orders API, CSV import, Products, API keys).
  VALIDATION_FAILED: { trpc: 'BAD_REQUEST', message: 'Some fields are not valid.' },
  API_KEY_INVALID: { trpc: 'UNAUTHORIZED', message: 'Send a valid store API key as "Authorization: Bearer <key>".' },
  API_KEY_NOT_FOUND: { trpc: 'NOT_FOUND', message: 'No such API key.' },
  IDEMPOTENCY_KEY_MISSING: {
    trpc: 'BAD_REQUEST',
    message: 'Send an Idempotency-Key header (up to 255 characters, e.g. a UUID) with every create.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    trpc: 'UNPROCESSABLE_CONTENT',
    message: 'This Idempotency-Key was used with a different request body. Use a new key for a new request.',
  },
  IDEMPOTENCY_KEY_IN_USE: {
    trpc: 'CONFLICT',
    message: 'A request with this Idempotency-Key is still running. Retry in a moment.',
  },
  ORDER_EXISTS: { trpc: 'CONFLICT', message: 'An order with this externalId exists already.' },
  ORDER_NUMBER_TAKEN: { trpc: 'CONFLICT', message: 'Another order has this order number.' },
  ORDER_NOT_CANCELLABLE: { trpc: 'CONFLICT', message: 'This order can no longer be cancelled.' },
  PRODUCT_NOT_FOUND: { trpc: 'NOT_FOUND', message: 'No such product.' },
  IMPORT_INVALID: { trpc: 'BAD_REQUEST', message: 'The file could not be read as an orders CSV.' },
  // Events out and store channels.
  EVENT_ENDPOINT_NOT_FOUND: { trpc: 'NOT_FOUND', message: 'No such event endpoint.' },
  EVENT_URL_NOT_ALLOWED: {
    trpc: 'BAD_REQUEST',
    message: 'Event endpoints must be http(s) URLs on a public address.',
  },
  EVENT_DELIVERY_NOT_FOUND: { trpc: 'NOT_FOUND', message: 'No such event delivery.' },
} as const satisfies Record<string, { trpc: AppErrorKind; message: string }>;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: AppErrorCode;
  /** Shown to the person: the code's message, optionally made specific (e.g. iCarry's own reason). */
  readonly userMessage: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: AppErrorCode,
    options: { userMessage?: string; logMessage?: string; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(options.logMessage ?? options.userMessage ?? APP_ERROR_CODES[code].message, { cause: options.cause });
    this.code = code;
    this.userMessage = options.userMessage ?? APP_ERROR_CODES[code].message;
    this.details = options.details;
  }
}
