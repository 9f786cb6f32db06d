// `api_shipment_billing_sync`: what "iCarry" charged for shipments, and the charge rule behind it.
import { formatICarryDay } from '../../icarry/icarry.dates';
import { formatPaiseAsRupees } from '../../money';
import { chargeableGrams, codFeePaise, findCourier, freightPaise, zoneFor } from '../sandbox.catalog';
import type { SandboxShipment } from '../sandbox.types';
import { listOf, text } from './endpoint.body';
import type { Body } from './endpoint.body';
import type { SandboxEndpointContext } from './endpoint.context';
import { fail, ok } from './endpoint.outcome';
import type { ApiOutcome } from './endpoint.outcome';

/** Shipments whose id is a multiple of this are billed one 500 g slab heavier (a weight surcharge). */
export const SURCHARGE_EVERY = 5;
const SURCHARGE_GRAMS = 500;

/**
 * `api_shipment_billing_sync`: what "iCarry" charged (`miles`, in rupees). A shipment is billed
 * once picked up: the quoted freight, the COD fee once delivered, RTO freight on a return to
 * origin, and one 500 g slab more for every SURCHARGE_EVERY-th shipment id or at the courier's
 * weight after a dispute. Unknown ids are left out; not-yet-billed ones answer an empty `miles`.
 */
export function billingSyncEndpoint(ctx: SandboxEndpointContext, body: Body): ApiOutcome {
  const ids = listOf(body.shipment_ids)
    .map(text)
    .filter((id) => id !== '');
  if (ids.length === 0) return fail('Error : shipment_ids is required.');
  const msg: Record<string, unknown>[] = [];
  for (const id of ids) {
    const shipment = ctx.state.shipments.get(id);
    if (shipment === undefined) continue;
    const charge = billedCharge(shipment);
    const zone = zoneFor(shipment.originPincode, shipment.consignee.pincode);
    msg.push({
      shipment_id: id,
      awb: shipment.awb ?? '',
      date: shipment.pickedAt === null ? '' : formatICarryDay(new Date(shipment.pickedAt)),
      miles: charge === null ? '' : formatPaiseAsRupees(charge.paise),
      mode: shipment.mode === 'express' ? 'E' : 'S',
      zone,
      weight: charge === null ? '' : String(charge.grams),
    });
  }
  return ok({ success: 1, msg });
}

/** The billed charge and weight, or null while the shipment is not billable (not picked up). */
export function billedCharge(shipment: SandboxShipment): { paise: number; grams: number } | null {
  const courier = shipment.courierId === null ? undefined : findCourier(shipment.courierId);
  if (shipment.pickedAt === null || courier === undefined) return null;
  const { parcel } = shipment;
  const disputed = shipment.weightDisputes.at(-1)?.newGrams;
  const declared = chargeableGrams(parcel.weightGrams, parcel.lengthCm, parcel.breadthCm, parcel.heightCm);
  const surcharge = Number(shipment.shipmentId) % SURCHARGE_EVERY === 0 ? SURCHARGE_GRAMS : 0;
  const grams = Math.max(declared, disputed ?? 0) + surcharge;
  const zone = zoneFor(shipment.originPincode, shipment.consignee.pincode);
  const freight = freightPaise(courier, zone, grams);
  const returned = shipment.status === 23 || shipment.status === 27;
  const cod = parcel.type === 'COD' && shipment.status === 21 ? codFeePaise(courier, parcel.valuePaise) : 0;
  return { paise: freight + cod + (returned ? freight : 0), grams };
}
