// A shipment's life after booking: the status paths it walks, the history each step writes, and
// the moves the control API drives (advance, set status, NDR, weight dispute) with their webhooks.
import { placeFor } from './sandbox.catalog';
import { SandboxInputError } from './sandbox.state';
import type { SandboxState } from './sandbox.state';
import type { ControlCallOptions, SandboxShipment, ShipmentChangeResult, WebhookDelivery } from './sandbox.types';
import type { SandboxWebhooks } from './sandbox.webhooks';

/** The happy path a shipment walks: booked -> pickup scheduled -> manifested -> shipped -> in transit -> out for delivery -> delivered. */
export const HAPPY_PATH = [1, 25, 24, 3, 22, 26, 21] as const;
/** A return pickup's path: booked -> pickup scheduled -> picked up -> in transit -> delivered back to us. */
export const REVERSE_PATH = [1, 25, 3, 22, 21] as const;
const NEXT_STATUS: Record<number, number> = { 1: 25, 2: 25, 25: 24, 24: 3, 3: 22, 22: 26, 26: 21, 27: 23 };
const REVERSE_NEXT_STATUS: Record<number, number> = { 1: 25, 25: 3, 3: 22, 22: 21 };
const PICKED_UP_OR_LATER = new Set([3, 22, 26, 21, 27, 23]);

const NOTES: Record<number, string> = {
  1: 'Shipment booked, pickup pending',
  2: 'Shipment saved, courier not assigned',
  3: 'Shipment picked up',
  7: 'Seller cancelled the order',
  12: 'Shipment damaged in transit',
  14: 'Shipment lost in transit',
  16: 'Shipment voided',
  21: 'Delivered to consignee',
  22: 'In transit to destination hub',
  23: 'Returned to origin, delivered to seller',
  24: 'Shipment manifested',
  25: 'Pickup scheduled with courier',
  26: 'Out for delivery',
  27: 'Return to origin initiated',
};

const REVERSE_NOTES: Record<number, string> = {
  1: 'Reverse pickup booked, pickup pending',
  25: 'Reverse pickup scheduled with courier',
  3: 'Return picked up from customer',
  22: 'Return in transit to seller',
  21: 'Return delivered to seller',
};

/** What moving a shipment needs: the state it lives in and the webhooks that announce the move. */
export interface ShipmentMover {
  readonly state: SandboxState;
  readonly webhooks: SandboxWebhooks;
}

function nextStatusOf(shipment: SandboxShipment): number | undefined {
  return (shipment.direction === 'reverse' ? REVERSE_NEXT_STATUS : NEXT_STATUS)[shipment.status];
}

/** Moves a shipment one step along its path (happy, RTO or return path); final statuses stay. */
export async function advance(
  mover: ShipmentMover,
  id: string,
  options: ControlCallOptions = {},
): Promise<ShipmentChangeResult> {
  const shipment = mover.state.getShipment(id);
  if (shipment.awb === null)
    throw new SandboxInputError(`shipment ${id} has no AWB (not assigned to a courier); it cannot move`, 409);
  const next = nextStatusOf(shipment);
  if (next === undefined) return { shipment, statusCode: shipment.status, changed: false, deliveries: [] };
  return changeStatus(mover, shipment, next, options);
}

/** Sets any numeric code, even backwards or unknown ones: for testing receivers. */
export async function setStatus(
  mover: ShipmentMover,
  id: string,
  code: number,
  options: ControlCallOptions = {},
): Promise<ShipmentChangeResult> {
  if (!Number.isInteger(code) || code < 0 || code > 9999)
    throw new SandboxInputError('status code must be an integer 0-9999');
  return changeStatus(mover, mover.state.getShipment(id), code, options);
}

export async function raiseNdr(
  mover: ShipmentMover,
  id: string,
  type: string,
  options: ControlCallOptions = {},
): Promise<ShipmentChangeResult> {
  const shipment = mover.state.getShipment(id);
  const ndrType = type.trim();
  if (ndrType === '') throw new SandboxInputError('NDR type is required (e.g. REATTEMPT-CONTACT)');
  const at = mover.state.now().toISOString();
  shipment.ndrs.push({ type: ndrType, at });
  shipment.history.push({
    code: shipment.status,
    at,
    location: `${placeFor(shipment.consignee.pincode)}_DC`,
    notes: `Delivery attempt failed (${ndrType})`,
  });
  mover.state.save();
  const deliveries = await mover.webhooks.dispatch(
    mover.webhooks.ndrPush(shipment, ndrType),
    options.awaitWebhooks ?? true,
  );
  return { shipment, statusCode: shipment.status, changed: true, deliveries };
}

export async function weightDiscrepancy(
  mover: ShipmentMover,
  id: string,
  newGrams: number,
  options: ControlCallOptions & { newDimensions?: { lengthCm: number; breadthCm: number; heightCm: number } } = {},
): Promise<ShipmentChangeResult> {
  const shipment = mover.state.getShipment(id);
  if (!Number.isInteger(newGrams) || newGrams <= 0) throw new SandboxInputError('newGrams must be a positive integer');
  const { parcel } = shipment;
  const oldDimensions = `${parcel.lengthCm}x${parcel.breadthCm}x${parcel.heightCm}`;
  const dims = options.newDimensions;
  const newDimensions = dims === undefined ? oldDimensions : `${dims.lengthCm}x${dims.breadthCm}x${dims.heightCm}`;
  const dispute = {
    oldGrams: parcel.weightGrams,
    newGrams,
    oldDimensions,
    newDimensions,
    at: mover.state.now().toISOString(),
  };
  shipment.weightDisputes.push(dispute);
  mover.state.save();
  const deliveries = await mover.webhooks.dispatch(
    mover.webhooks.weightPush(shipment, dispute),
    options.awaitWebhooks ?? true,
  );
  return { shipment, statusCode: shipment.status, changed: true, deliveries };
}

/** One auto-advance tick: every open shipment with an AWB moves one step; webhooks in the background. */
export function autoAdvanceTick(mover: ShipmentMover): number {
  let moved = 0;
  for (const shipment of mover.state.shipments.values()) {
    if (shipment.awb === null || nextStatusOf(shipment) === undefined) continue;
    void advance(mover, shipment.shipmentId, { awaitWebhooks: false });
    moved += 1;
  }
  return moved;
}

async function changeStatus(
  mover: ShipmentMover,
  shipment: SandboxShipment,
  code: number,
  options: ControlCallOptions,
): Promise<ShipmentChangeResult> {
  applyStatus(mover.state, shipment, code);
  const deliveries: WebhookDelivery[] = await mover.webhooks.dispatch(
    mover.webhooks.statusPush(shipment),
    options.awaitWebhooks ?? true,
  );
  return { shipment, statusCode: shipment.status, changed: true, deliveries };
}

/** Sets the status, stamps pickup and delivery times, writes the history line and saves. */
export function applyStatus(state: SandboxState, shipment: SandboxShipment, code: number): void {
  const now = state.now().toISOString();
  shipment.status = code;
  if (PICKED_UP_OR_LATER.has(code) && shipment.pickedAt === null) shipment.pickedAt = now;
  if (code === 21 && shipment.deliveredAt === null) shipment.deliveredAt = now;
  pushHistory(state, shipment, code);
  state.save();
}

/** The tracking history line for `code`: where the parcel is and iCarry's note for the status. */
export function pushHistory(state: SandboxState, shipment: SandboxShipment, code: number): void {
  const origin = placeFor(shipment.originPincode);
  const destination = placeFor(shipment.consignee.pincode);
  const location =
    code === 1 || code === 2 || code === 25 || code === 7
      ? `${origin}_Pickup`
      : code === 24 || code === 3 || code === 23
        ? `${origin}_Hub`
        : code === 22
          ? `${destination}_Hub`
          : `${destination}_DC`;
  const notes = (shipment.direction === 'reverse' ? REVERSE_NOTES[code] : undefined) ?? NOTES[code];
  shipment.history.push({
    code,
    at: state.now().toISOString(),
    location,
    notes: notes ?? `Status updated (${code})`,
  });
}
