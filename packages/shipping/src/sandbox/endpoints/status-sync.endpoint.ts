// `api_shipment_status_sync`: the numeric status of many shipments at once ("0" for unknown ids).
import { formatICarryDay } from '../../icarry/icarry.dates';
import { listOf, text } from './endpoint.body';
import type { Body } from './endpoint.body';
import type { SandboxEndpointContext } from './endpoint.context';
import { fail, ok } from './endpoint.outcome';
import type { ApiOutcome } from './endpoint.outcome';

export function statusSyncEndpoint(ctx: SandboxEndpointContext, body: Body): ApiOutcome {
  const ids = listOf(body.shipment_ids)
    .map(text)
    .filter((id) => id !== '');
  if (ids.length === 0) return fail('Error : shipment_ids is required.');
  return ok({
    success: 1,
    msg: ids.map((id) => {
      const shipment = ctx.state.shipments.get(id);
      return {
        shipment_id: id,
        status: shipment === undefined ? '0' : String(shipment.status),
        // Quirk reproduced: the key carries a trailing space.
        'date_picked ': shipment?.pickedAt ? formatICarryDay(new Date(shipment.pickedAt)) : '',
        date_delivered: shipment?.deliveredAt ? formatICarryDay(new Date(shipment.deliveredAt)) : '',
      };
    }),
  });
}
