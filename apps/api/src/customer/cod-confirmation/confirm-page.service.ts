import {
  findCustomerById,
  findOrderByNumber,
  insertHistory,
  lockOrder,
  updateUnshippedAddressByCustomer,
  type CodConfirmationState,
  type CodConfirmationVia,
  type CustomerLanguage,
  type OrderRecord,
  setOrderAddressCheck,
} from '@app/db';
import { printableLine } from '@app/shipping';
import { z } from 'zod';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { checkOrderAddress, pincodeDirectory } from '../../platform/address/address-check';
import { hitRateLimit } from '../../platform/security/rate-limit';
import { isValidCodConfirmToken } from '../../platform/security/tokens';
import { COD_HISTORY_TEXT } from '../../outbox/messaging/cod-confirmation.messages';
import { applyCodAnswer, type CodAnswer } from './answer-cod-confirmation';

/** What the confirmation page shows: nothing at all without a valid token, else the order's essentials. */
export type ConfirmPageModel =
  | { kind: 'invalid' }
  | {
      kind: 'order';
      orderNumber: string;
      token: string;
      state: CodConfirmationState;
      via: CodConfirmationVia | null;
      /** The customer's language (customers.language): the page speaks it unless `?lang=` says otherwise. */
      language: CustomerLanguage;
      codAmountPaise: number;
      /** When the request expires (the page says "answer by"), null when it has no expiry. */
      answerBy: Date | null;
      firstName: string;
      address: { line1: string; landmark: string; otherLine: string; city: string; state: string; pincode: string };
      /** Confirm and Cancel are offered (pending, before the order is booked). */
      canAnswer: boolean;
      /** The address form is offered (unshipped, not declined). */
      canEditAddress: boolean;
    };

export interface AddressForm {
  line1: string;
  landmark: string;
  pincode: string;
}

const LANDMARK = /(?:^|,\s*)Landmark:\s*(.*)$/;

/** The landmark the intake wrote into line 2 ("..., Landmark: Opp. temple"), and the rest of line 2. */
export function splitLandmark(line2: string | null): { landmark: string; otherLine: string } {
  if (!line2) return { landmark: '', otherLine: '' };
  const match = LANDMARK.exec(line2);
  if (!match) return { landmark: '', otherLine: line2 };
  return { landmark: (match[1] ?? '').trim(), otherLine: line2.slice(0, match.index).trim() };
}

export function joinLandmark(otherLine: string, landmark: string): string | null {
  const line = [otherLine.trim(), landmark.trim() ? `Landmark: ${landmark.trim()}` : ''].filter(Boolean).join(', ');
  return line === '' ? null : line;
}

const text = (min: number, max: number, what: string) =>
  z
    .string()
    .transform((v) => printableLine(v).trim())
    .pipe(
      z
        .string()
        .min(min, min > 0 ? `Enter the ${what}.` : undefined)
        .max(max, `Keep the ${what} under ${max} characters.`),
    );

/** The address correction form (the page's fields; printable single lines). */
export const addressFormSchema = z.object({
  line1: text(5, 200, 'house or flat number and street').refine((v) => /\d|[A-Za-z]{3,}/.test(v), {
    message: 'Enter the house or flat number and street.',
  }),
  landmark: text(0, 120, 'landmark'),
  pincode: z
    .string()
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^[1-9]\d{5}$/, 'A pincode is 6 digits, e.g. 560038.')),
});

async function countFailure(deps: AppDeps, ip: string): Promise<void> {
  const failures = await hitRateLimit(deps.db, {
    bucket: `cod-confirm:fail:ip:${ip}`,
    limit: deps.config.trackingLookupsPerMinute,
    windowSeconds: 60,
    now: deps.clock.now(),
  });
  if (!failures.allowed) throw new AppError('RATE_LIMITED');
}

/**
 * The order behind a link, when its token is valid (constant-time, not expired); undefined
 * otherwise, with the failure counted per client address (too many: RATE_LIMITED). A valid token
 * writes nothing.
 */
async function orderForToken(
  deps: AppDeps,
  input: { orderNumber: string; token: string; ip: string },
): Promise<OrderRecord | undefined> {
  const order = await findOrderByNumber(deps.db, input.orderNumber);
  const now = deps.clock.now();
  // Checked against the stored number (or the asked one when there is none), so both paths cost one HMAC.
  const valid = isValidCodConfirmToken(
    deps.secrets.appSecret,
    order?.orderNumber ?? input.orderNumber,
    input.token,
    now,
  );
  if (order && valid && order.codConfirmation.state !== 'not_needed') return order;
  await countFailure(deps, input.ip);
  return undefined;
}

function isUnshipped(order: OrderRecord): boolean {
  return order.status === 'pending' || order.status === 'processing';
}

export async function loadConfirmPage(
  deps: AppDeps,
  input: { orderNumber: string; token: string; ip: string },
): Promise<ConfirmPageModel> {
  const order = await orderForToken(deps, input);
  if (!order) return { kind: 'invalid' };
  const customer = await findCustomerById(deps.db, order.customerId);
  const { landmark, otherLine } = splitLandmark(order.shippingAddress.line2);
  const { state } = order.codConfirmation;
  const first = printableLine(customer?.name ?? order.shippingAddress.name).split(' ')[0] ?? '';
  const bookedOrGone = !isUnshipped(order);
  return {
    kind: 'order',
    orderNumber: order.orderNumber,
    token: input.token,
    state,
    via: order.codConfirmation.via,
    language: customer?.language ?? 'en',
    codAmountPaise: order.codAmountPaise,
    answerBy: order.codConfirmation.expiresAt,
    firstName: first,
    address: {
      line1: order.shippingAddress.line1,
      landmark,
      otherLine,
      city: order.shippingAddress.city,
      state: order.shippingAddress.state,
      pincode: order.shippingAddress.pincode,
    },
    canAnswer: state === 'pending' && !bookedOrGone,
    canEditAddress: (state === 'pending' || state === 'confirmed') && !bookedOrGone,
  };
}

/** Confirm or Cancel from the page. Throws COD_CONFIRMATION_CLOSED when it is too late, TRACKING_NOT_FOUND for a bad link. */
export async function answerFromPage(
  deps: AppDeps,
  input: { orderNumber: string; token: string; ip: string; answer: CodAnswer },
): Promise<'recorded' | 'same'> {
  const found = await orderForToken(deps, input);
  if (!found) throw new AppError('TRACKING_NOT_FOUND');
  return deps.db.transaction().execute(async (tx) => {
    const order = await lockOrder(tx, found.id);
    if (!order) throw new AppError('TRACKING_NOT_FOUND');
    return applyCodAnswer(deps, tx, order, input.answer, 'page');
  });
}

/**
 * The customer's address correction before booking: the first line, the landmark (kept in line 2
 * as the intake writes it) and the pincode; the change is in the order's history with what it was.
 */
export async function correctAddressFromPage(
  deps: AppDeps,
  input: { orderNumber: string; token: string; ip: string; form: AddressForm },
): Promise<'changed' | 'unchanged'> {
  const found = await orderForToken(deps, input);
  if (!found) throw new AppError('TRACKING_NOT_FOUND');
  // Loaded before the transaction: the first use reads the directory (a few hundred ms).
  const directory = await pincodeDirectory();
  return deps.db.transaction().execute(async (tx) => {
    const order = await lockOrder(tx, found.id);
    if (!order) throw new AppError('TRACKING_NOT_FOUND');
    const { state } = order.codConfirmation;
    if (!(state === 'pending' || state === 'confirmed') || !isUnshipped(order)) {
      throw new AppError('COD_CONFIRMATION_CLOSED', { details: { state, status: order.status } });
    }
    const before = order.shippingAddress;
    const { otherLine } = splitLandmark(before.line2);
    const line2 = joinLandmark(otherLine, input.form.landmark);
    if (before.line1 === input.form.line1 && before.line2 === line2 && before.pincode === input.form.pincode) {
      return 'unchanged';
    }
    const now = deps.clock.now();
    if (!(await updateUnshippedAddressByCustomer(tx, order.id, { ...input.form, line2, now }))) {
      throw new AppError('COD_CONFIRMATION_CLOSED', { details: { status: order.status } });
    }
    // The corrected address is checked again, as any address change is (DESIGN "Address check").
    await setOrderAddressCheck(
      tx,
      order.id,
      checkOrderAddress({ ...before, line1: input.form.line1, line2, pincode: input.form.pincode }, directory),
    );
    const changes = [
      before.line1 !== input.form.line1 ? `address line "${before.line1}" -> "${input.form.line1}"` : null,
      before.line2 !== line2 ? `line 2 "${before.line2 ?? ''}" -> "${line2 ?? ''}"` : null,
      before.pincode !== input.form.pincode ? `pincode ${before.pincode} -> ${input.form.pincode}` : null,
    ].filter(Boolean);
    await insertHistory(tx, {
      orderId: order.id,
      shipmentId: null,
      description: COD_HISTORY_TEXT.addressCorrected(changes.join('; ')),
      recordedAt: now,
      source: 'customer',
      applied: true,
    });
    deps.logger.info({ orderId: order.id }, '[COD] customer corrected the delivery address');
    return 'changed';
  });
}
