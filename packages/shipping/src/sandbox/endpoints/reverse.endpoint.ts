// `api_add_reverse_shipment`: a return pickup for a delivered forward shipment.
import { formatPaiseAsRupees } from '../../money';
import { TRANSIT_DAYS, quote, zoneFor } from '../sandbox.catalog';
import type { Quote } from '../sandbox.catalog';
import { pushHistory } from '../sandbox.lifecycle';
import type { SandboxShipment } from '../sandbox.types';
import { text } from './endpoint.body';
import type { Body } from './endpoint.body';
import type { SandboxEndpointContext } from './endpoint.context';
import { fail, ok } from './endpoint.outcome';
import type { ApiOutcome } from './endpoint.outcome';

/**
 * `api_add_reverse_shipment`: a return pickup for a delivered forward shipment. The courier
 * collects from its consignee and delivers to our warehouse; the return has its own id, AWB and
 * statuses (REVERSE_PATH), and is prepaid.
 */
export function reverseEndpoint(
  ctx: SandboxEndpointContext,
  body: Body,
  options: { hangAfterAccept: boolean },
): ApiOutcome {
  const forward = findReturnable(ctx, body);
  if (typeof forward === 'string') return fail(forward);
  const returnAddressId = text(body.return_address_id) || forward.pickupAddressId;
  if (returnAddressId !== ctx.config.pickupAddressId) return fail('Error : Return address not found.');

  const { parcel } = forward;
  const quotes = quote({
    origin: forward.consignee.pincode,
    destination: ctx.config.pickupPincode,
    weightGrams: parcel.weightGrams,
    lengthCm: parcel.lengthCm,
    breadthCm: parcel.breadthCm,
    heightCm: parcel.heightCm,
    mode: 'surface',
    cod: false,
    valuePaise: parcel.valuePaise,
  });
  // The forward courier when it can carry the return, else the cheapest.
  const chosen = quotes.find((q) => q.courier.id === forward.courierId) ?? quotes[0];
  if (chosen === undefined) return fail('Pincode not serviceable.');

  const shipment = recordReturn(ctx, body, forward, returnAddressId, chosen);
  if (options.hangAfterAccept) return { kind: 'hang' };
  return ok({
    success: `Success: You have added a new reverse shipment with id ${shipment.shipmentId}.`,
    error: '',
    shipment_id: shipment.shipmentId,
    awb: shipment.awb,
    courier_id: chosen.courier.id,
    courier: chosen.courier.name,
    courier_name: chosen.courier.name,
    pickup_id: shipment.pickupId,
    cost_estimate: formatPaiseAsRupees(chosen.freightPaise),
    tracking_url: ctx.trackingUrl(shipment),
    client_order_id: shipment.clientOrderId ?? '',
  });
}

/** The forward shipment named by `shipment_id` if it may be returned; else iCarry's refusal. */
function findReturnable(ctx: SandboxEndpointContext, body: Body): SandboxShipment | string {
  const id = text(body.shipment_id);
  if (!ctx.looksLikeShipmentId(id)) return 'Error : Shipment id is required.';
  const forward = ctx.state.shipments.get(id);
  if (forward === undefined) return 'Error : Shipment not found.';
  if (forward.direction === 'reverse') return 'Error : A reverse shipment cannot be returned again.';
  if (forward.status !== 21) return 'Error : Reverse pickup is allowed only for delivered shipments.';
  const existing = forward.reverseShipmentId === null ? undefined : ctx.state.shipments.get(forward.reverseShipmentId);
  if (existing !== undefined && existing.status !== 7)
    return `Error : A reverse shipment (id ${existing.shipmentId}) already exists for this shipment.`;
  return forward;
}

/** Records the return (status 1, from the forward consignee to our warehouse), links it to the forward one, and saves. */
function recordReturn(
  ctx: SandboxEndpointContext,
  body: Body,
  forward: SandboxShipment,
  returnAddressId: string,
  chosen: Quote,
): SandboxShipment {
  const { parcel } = forward;
  const now = ctx.state.now();
  const shipmentId = ctx.state.allocateShipmentId();
  const zone = zoneFor(forward.consignee.pincode, ctx.config.pickupPincode);
  const reason = text(body.reason).slice(0, 255);
  const shipment: SandboxShipment = {
    shipmentId,
    awb: chosen.courier.awb(Number(shipmentId)),
    courierId: chosen.courier.id,
    courierName: chosen.courier.name,
    courierGroup: chosen.courier.group,
    clientOrderId: text(body.client_order_id) || `${forward.clientOrderId ?? forward.shipmentId}-R`,
    direction: 'reverse',
    forwardShipmentId: forward.shipmentId,
    reverseShipmentId: null,
    pickup: { ...forward.consignee },
    returnReason: reason === '' ? null : reason,
    mode: 'surface',
    pickupAddressId: returnAddressId,
    pickupId: ctx.state.allocatePickupId(),
    status: 1,
    originPincode: forward.consignee.pincode,
    consignee: ctx.warehouse(),
    parcel: { ...parcel, type: 'Prepaid', items: parcel.items.map((item) => ({ ...item })) },
    costEstimatePaise: chosen.freightPaise,
    createdAt: now.toISOString(),
    eddAt: new Date(now.getTime() + TRANSIT_DAYS[zone] * 86_400_000).toISOString(),
    pickedAt: null,
    deliveredAt: null,
    history: [],
    ndrs: [],
    weightDisputes: [],
  };
  pushHistory(ctx.state, shipment, 1);
  ctx.state.shipments.set(shipmentId, shipment);
  forward.reverseShipmentId = shipmentId;
  ctx.state.save();
  return shipment;
}
