// `api_add_shipment_surface` and `api_add_shipment_air`: a forward booking, in four steps:
// validate the form as iCarry does, choose the courier, record the shipment, answer.
import { formatPaiseAsRupees, parseRupeesToPaise } from '../../money';
import { isBareIndianMobile } from '../../phone';
import { ICARRY_STATE_CODES } from '../../states';
import { TRANSIT_DAYS, findCourier, isValidPincode, pincodeRules, quote, zoneFor } from '../sandbox.catalog';
import type { Quote, SandboxMode } from '../sandbox.catalog';
import { pushHistory } from '../sandbox.lifecycle';
import type { SandboxAddress, SandboxShipment } from '../sandbox.types';
import { listOf, numberOf, objectOf, text } from './endpoint.body';
import type { Body } from './endpoint.body';
import type { SandboxEndpointContext } from './endpoint.context';
import { fail, ok } from './endpoint.outcome';
import type { ApiOutcome } from './endpoint.outcome';

/** A booking form that passed iCarry's validation. */
interface BookingRequest {
  pickupAddressId: string;
  consignee: SandboxAddress;
  parcel: SandboxShipment['parcel'];
}

/**
 * Books a forward shipment. `save_only`, or a pickup address that is not ours, still records a
 * shipment, without courier or AWB (status 2), as iCarry does.
 */
export function bookEndpoint(
  ctx: SandboxEndpointContext,
  body: Body,
  mode: SandboxMode,
  options: { hangAfterAccept: boolean },
): ApiOutcome {
  const request = readBookingRequest(body);
  if (typeof request === 'string') return fail(request);

  const saveOnly = body.save_only !== undefined && body.save_only !== null;
  const wrongPickup = request.pickupAddressId !== ctx.config.pickupAddressId;
  let chosen: Quote | null = null;
  if (!saveOnly && !wrongPickup) {
    const choice = chooseCourier(ctx, body, mode, request);
    if (typeof choice === 'string') return fail(choice);
    chosen = choice;
  }

  const shipment = recordBooking(ctx, body, mode, request, chosen);
  if (options.hangAfterAccept) return { kind: 'hang' };
  return chosen === null ? savedAnswer(shipment, wrongPickup) : bookedAnswer(ctx, shipment, chosen);
}

/** The form checked field by field in iCarry's order; the first failure is iCarry's error text. */
function readBookingRequest(body: Body): BookingRequest | string {
  const pickupAddressId = text(body.pickup_address_id);
  if (pickupAddressId === '') return 'Error : pickup_address_id is required.';
  const consignee = readConsignee(objectOf(body.consignee));
  if (typeof consignee === 'string') return consignee;
  const parcel = readParcel(objectOf(body.parcel));
  if (typeof parcel === 'string') return parcel;
  return { pickupAddressId, consignee, parcel };
}

function readConsignee(consignee: Body): SandboxAddress | string {
  for (const field of ['name', 'mobile', 'address', 'city', 'state', 'pincode'] as const) {
    if (text(consignee[field]) === '') return `Error : Consignee ${field} is required.`;
  }
  const mobile = text(consignee.mobile);
  if (!isBareIndianMobile(mobile)) return 'Error : Consignee mobile must be a valid 10 digit mobile number.';
  const altMobile = text(consignee.alt_mobile);
  if (altMobile !== '' && !isBareIndianMobile(altMobile))
    return 'Error : Consignee alternate mobile must be a valid 10 digit mobile number.';
  const state = text(consignee.state);
  if (!Object.hasOwn(ICARRY_STATE_CODES, state)) return `Error : Invalid consignee state code '${state.slice(0, 20)}'.`;
  const pincode = text(consignee.pincode);
  if (!isValidPincode(pincode)) return 'Error : Invalid consignee pincode.';
  return {
    name: text(consignee.name),
    mobile,
    address: text(consignee.address),
    city: text(consignee.city),
    state,
    pincode,
  };
}

function readParcel(parcel: Body): SandboxShipment['parcel'] | string {
  const typeRaw = text(parcel.type).toUpperCase();
  const parcelType =
    typeRaw === 'COD' || typeRaw === 'C' ? 'COD' : typeRaw === 'PREPAID' || typeRaw === 'P' ? 'Prepaid' : null;
  if (parcelType === null) return 'Error : Parcel type must be COD or Prepaid.';
  const valuePaise = parseRupeesToPaise(text(parcel.value));
  if (valuePaise === null || valuePaise < 100) return 'Error : Parcel value is required.';
  const contents = text(parcel.contents);
  if (contents === '') return 'Error : Parcel contents are required.';
  if (contents.length > 255) return 'Error : Parcel contents must be less than 255 characters.';
  const weight = objectOf(parcel.weight);
  const weightValue = numberOf(weight.weight);
  const weightUnit = text(weight.unit).toLowerCase() || 'gm';
  if (weightValue === null || weightValue <= 0) return 'Error : Parcel weight must be greater than 0.';
  if (weightUnit !== 'gm' && weightUnit !== 'kg') return 'Error : Parcel weight unit must be gm or kg.';
  const weightGrams = Math.round(weightUnit === 'kg' ? weightValue * 1000 : weightValue);
  const dimensions = objectOf(parcel.dimensions);
  const [length, breadth, height] = [
    numberOf(dimensions.length),
    numberOf(dimensions.breadth),
    numberOf(dimensions.height),
  ];
  if (length === null || breadth === null || height === null || length <= 0 || breadth <= 0 || height <= 0)
    return 'Error : Parcel dimensions are required.';
  const items = listOf(parcel.items).map((raw) => {
    const item = objectOf(raw);
    return {
      name: text(item.name),
      pid: text(item.pid) || null,
      price: text(item.price),
      quantity: numberOf(item.quantity) ?? 1,
    };
  });
  return {
    type: parcelType,
    valuePaise,
    weightGrams,
    lengthCm: length,
    breadthCm: breadth,
    heightCm: height,
    contents,
    items,
  };
}

/**
 * The courier asked for (`courier_id`), refused as iCarry refuses it when it cannot carry this
 * parcel, else the cheapest quote. A string is iCarry's refusal.
 */
function chooseCourier(
  ctx: SandboxEndpointContext,
  body: Body,
  mode: SandboxMode,
  request: BookingRequest,
): Quote | string {
  const { pincode } = request.consignee;
  const { parcel } = request;
  const quotes = quote({
    origin: ctx.config.pickupPincode,
    destination: pincode,
    weightGrams: parcel.weightGrams,
    lengthCm: parcel.lengthCm,
    breadthCm: parcel.breadthCm,
    heightCm: parcel.heightCm,
    mode,
    cod: parcel.type === 'COD',
    valuePaise: parcel.valuePaise,
  });
  const courierId = text(body.courier_id);
  if (courierId !== '') {
    const courier = findCourier(courierId);
    if (courier === undefined) return 'Error : Invalid courier id.';
    if (courier.mode !== mode) return 'Error : Courier not available for this shipment mode.';
    if (ctx.state.phantomRefusals.has(`${courierId}|${pincode}`)) return 'Pincode not serviceable.';
    const chosen = quotes.find((q) => q.courier.id === courierId);
    // iCarry ties courier ids to weight slabs: a quote for another weight is refused like this.
    return chosen ?? 'Pincode not serviceable.';
  }
  const cheapest = quotes[0];
  if (cheapest !== undefined) return cheapest;
  return pincodeRules(pincode).serviceable && parcel.type === 'COD' && !pincodeRules(pincode).cod
    ? 'COD not available for this pincode.'
    : 'Pincode not serviceable.';
}

/** Records the shipment (status 1 with a courier, 2 without) with its first history line, and saves. */
function recordBooking(
  ctx: SandboxEndpointContext,
  body: Body,
  mode: SandboxMode,
  request: BookingRequest,
  chosen: Quote | null,
): SandboxShipment {
  const now = ctx.state.now();
  const shipmentId = ctx.state.allocateShipmentId();
  const zone = zoneFor(ctx.config.pickupPincode, request.consignee.pincode);
  const shipment: SandboxShipment = {
    shipmentId,
    awb: chosen === null ? null : chosen.courier.awb(Number(shipmentId)),
    courierId: chosen?.courier.id ?? null,
    courierName: chosen?.courier.name ?? null,
    courierGroup: chosen?.courier.group ?? null,
    clientOrderId: text(body.client_order_id) || null,
    direction: 'forward',
    forwardShipmentId: null,
    reverseShipmentId: null,
    pickup: null,
    returnReason: null,
    mode,
    pickupAddressId: request.pickupAddressId,
    pickupId: chosen === null ? null : ctx.state.allocatePickupId(),
    status: chosen === null ? 2 : 1,
    originPincode: ctx.config.pickupPincode,
    consignee: request.consignee,
    parcel: request.parcel,
    costEstimatePaise: chosen?.totalPaise ?? null,
    createdAt: now.toISOString(),
    eddAt: chosen === null ? null : new Date(now.getTime() + TRANSIT_DAYS[zone] * 86_400_000).toISOString(),
    pickedAt: null,
    deliveredAt: null,
    history: [],
    ndrs: [],
    weightDisputes: [],
  };
  pushHistory(ctx.state, shipment, shipment.status);
  ctx.state.shipments.set(shipmentId, shipment);
  ctx.state.save();
  return shipment;
}

/** A shipment saved without a courier: empty AWB and courier fields, and why when the pickup was wrong. */
function savedAnswer(shipment: SandboxShipment, wrongPickup: boolean): ApiOutcome {
  const { shipmentId } = shipment;
  return ok({
    success: `Success: You have added a new shipment with id ${shipmentId}.`,
    error: wrongPickup ? 'Pickup address not found. Shipment saved without courier assignment.' : '',
    shipment_id: shipmentId,
    awb: '',
    courier_id: '',
    courier_name: '',
    pickup_id: '',
    cost_estimate: '',
    tracking_url: '',
    client_order_id: shipment.clientOrderId ?? '',
  });
}

function bookedAnswer(ctx: SandboxEndpointContext, shipment: SandboxShipment, chosen: Quote): ApiOutcome {
  const { shipmentId } = shipment;
  return ok({
    success: `Success: You have added a new shipment with id ${shipmentId}. | AWB: ${shipment.awb ?? ''}`,
    error: '',
    shipment_id: shipmentId,
    awb: shipment.awb,
    courier_id: chosen.courier.id,
    courier_name: chosen.courier.name,
    courier_name_full: `${chosen.courier.name} (${chosen.courier.group})`,
    pickup_id: shipment.pickupId,
    cost_estimate: formatPaiseAsRupees(chosen.totalPaise),
    tracking_url: ctx.trackingUrl(shipment),
    client_order_id: shipment.clientOrderId ?? '',
  });
}
