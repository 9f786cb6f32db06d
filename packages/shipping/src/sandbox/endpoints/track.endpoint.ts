// `api_track_shipment`: one shipment's status and tracking history, by iCarry shipment id.
import { formatICarryDateTime, formatICarryDay } from '../../icarry/icarry.dates';
import { ICARRY_STATUS_CODES } from '../../status';
import { text } from './endpoint.body';
import type { Body } from './endpoint.body';
import type { SandboxEndpointContext } from './endpoint.context';
import { fail, ok } from './endpoint.outcome';
import type { ApiOutcome } from './endpoint.outcome';

function statusName(code: number): string {
  return (ICARRY_STATUS_CODES as Record<number, { name: string } | undefined>)[code]?.name ?? 'Unknown';
}

export function trackEndpoint(ctx: SandboxEndpointContext, body: Body): ApiOutcome {
  const id = text(body.shipment_id);
  // LIVE quirk: an AWB (or nothing) is refused with this exact text.
  if (!ctx.looksLikeShipmentId(id)) return fail('Error : Shipment id is required.');
  const shipment = ctx.state.shipments.get(id);
  if (shipment === undefined) return fail('Error : Shipment not found.');
  const last = shipment.history.at(-1);
  return ok({
    success: 1,
    status: statusName(shipment.status),
    awb: shipment.awb ?? '',
    courier_name: shipment.courierName ?? '',
    tracking_url: ctx.trackingUrl(shipment),
    edd: shipment.eddAt === null ? '' : formatICarryDay(new Date(shipment.eddAt)),
    picked_datetime: shipment.pickedAt === null ? '' : formatICarryDateTime(new Date(shipment.pickedAt)),
    delivered_datetime: shipment.deliveredAt === null ? '' : formatICarryDateTime(new Date(shipment.deliveredAt)),
    location: last?.location ?? '',
    details: shipment.history.map((entry) => ({
      datetime: formatICarryDateTime(new Date(entry.at)),
      location: entry.location,
      notes: entry.notes,
    })),
  });
}
