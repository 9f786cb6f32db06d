import { findOrderWithItems, type OrderItemRecord, type OrderRecord } from '@app/db';
import { ICarryAPIError, type Estimate, type ShipmentMode, DEFAULT_SHIPMENT_MODE } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { requireICarry, toAppError } from './icarry-errors';
import { planParcel, type ParcelPlan } from './plan-parcel';

export interface Quote {
  parcel: ParcelPlan;
  couriers: Estimate[];
  paymentMethod: OrderRecord['paymentMethod'];
  pincode: string;
}

/**
 * The couriers iCarry offers for the order's parcel, cheapest first; none when the pincode is not
 * served. A caller that has just read the order and its items passes them, saving the two reads.
 */
export async function quoteOrder(
  deps: AppDeps,
  orderId: string,
  mode: ShipmentMode = DEFAULT_SHIPMENT_MODE,
  loaded?: { order: OrderRecord; items: OrderItemRecord[] },
): Promise<Quote> {
  const icarry = requireICarry(deps);
  const found = loaded ?? (await findOrderWithItems(deps.db, orderId));
  if (!found) throw new AppError('ORDER_NOT_FOUND');
  const { order, items } = found;
  const parcel = planParcel(deps.config, items, order);
  let couriers: Estimate[];
  try {
    couriers = await icarry.estimate({
      originPincode: deps.config.pickupPincode,
      destinationPincode: order.shippingAddress.pincode,
      weightGrams: parcel.weightGrams,
      lengthCm: parcel.lengthCm,
      breadthCm: parcel.breadthCm,
      heightCm: parcel.heightCm,
      mode,
      paymentType: order.paymentMethod,
      shipmentValuePaise: order.totalPaise,
    });
  } catch (err) {
    if (err instanceof ICarryAPIError && err.kind === 'not_serviceable') couriers = [];
    else throw toAppError(err, 'the estimate');
  }
  return { parcel, couriers, paymentMethod: order.paymentMethod, pincode: order.shippingAddress.pincode };
}

export async function checkServiceability(deps: AppDeps, input: { pincode: string; cod: boolean }) {
  const icarry = requireICarry(deps);
  try {
    const result = await icarry.checkPincode(input.pincode);
    return {
      pincode: input.pincode,
      serviceable: result.serviceable,
      prepaid: result.prepaid,
      cod: result.cod,
      codRequested: input.cod,
      ok: result.serviceable && (input.cod ? result.cod : result.prepaid),
    };
  } catch (err) {
    throw toAppError(err, 'the pincode check');
  }
}
