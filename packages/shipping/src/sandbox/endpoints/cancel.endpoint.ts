// `api_cancel_shipment`: cancels before pickup (status 7) and pushes the change in the background.
import { applyStatus } from '../sandbox.lifecycle';
import { text } from './endpoint.body';
import type { Body } from './endpoint.body';
import type { SandboxEndpointContext } from './endpoint.context';
import { fail, ok } from './endpoint.outcome';
import type { ApiOutcome } from './endpoint.outcome';

/** iCarry lets you cancel only before pickup. */
const CANCELLABLE = new Set([1, 2, 25]);

export function cancelEndpoint(ctx: SandboxEndpointContext, body: Body): ApiOutcome {
  const id = text(body.shipment_id);
  if (!ctx.looksLikeShipmentId(id)) return fail('Error : Shipment id is required.');
  const shipment = ctx.state.shipments.get(id);
  if (shipment === undefined) return fail('Error : Shipment not found.');
  if (shipment.status === 7) return fail('Error : Shipment is already cancelled.');
  if (!CANCELLABLE.has(shipment.status)) return fail('Error : Shipment cannot be cancelled after pickup.');
  applyStatus(ctx.state, shipment, 7);
  void ctx.webhooks.dispatch(ctx.webhooks.statusPush(shipment), false);
  return ok({ success: 'Shipment cancelled successfully.', shipment_id: id });
}
