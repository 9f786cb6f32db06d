import type { OrderRecord } from '@app/db';
import { normalizeIndianMobile, toICarryStateCode, type ICarryClient } from '@app/shipping';
import { AppError } from '../../platform/core/errors';
import { toAppError } from './icarry-errors';

/**
 * Whether an order can be booked, decided once for one order (orders.ship) and for a selection
 * (the bulk review): what would refuse it before iCarry is asked, and why iCarry offers no courier.
 * The bulk review shows these very messages, so its "will fail" reason is booking's reason.
 */

/** Why booking would refuse the order before asking iCarry (an incomplete address, a state or mobile iCarry cannot take), or null. */
export function addressProblem(order: Pick<OrderRecord, 'shippingAddress' | 'contactPhone'>): AppError | null {
  const address = order.shippingAddress;
  const required = {
    name: address.name,
    line1: address.line1,
    city: address.city,
    state: address.state,
    pincode: address.pincode,
    phone: order.contactPhone,
  };
  const missing = Object.entries(required)
    .filter(([, value]) => !value.trim())
    .map(([field]) => field);
  if (missing.length) {
    return new AppError('ADDRESS_INCOMPLETE', {
      userMessage: `The delivery address is missing: ${missing.join(', ')}.`,
    });
  }
  try {
    // The client maps both again when it builds the form; here they only decide "refuse before booking".
    toICarryStateCode(address.state, { pincode: address.pincode });
    normalizeIndianMobile(order.contactPhone);
  } catch (err) {
    return toAppError(err, 'the address');
  }
  return null;
}

/**
 * Why iCarry offers no courier for a parcel to `pincode`: cash on delivery not available where the
 * pincode is otherwise served, else the pincode not served at all (also when the check cannot be made).
 */
export async function noCourierReason(
  icarry: Pick<ICarryClient, 'checkPincode'>,
  pincode: string,
  paymentMethod: OrderRecord['paymentMethod'],
): Promise<AppError> {
  const pin = await icarry.checkPincode(pincode).catch(() => null);
  if (pin?.serviceable && paymentMethod === 'cod' && !pin.cod) return new AppError('COD_NOT_AVAILABLE');
  return new AppError('PINCODE_NOT_SERVICEABLE', { details: { pincode } });
}
