// `api_print_shipment_label`: the label, in whichever of iCarry's answer shapes the sandbox is set to.
import { placeFor } from '../sandbox.catalog';
import { text } from './endpoint.body';
import type { Body } from './endpoint.body';
import type { SandboxEndpointContext } from './endpoint.context';
import { fail, ok } from './endpoint.outcome';
import type { ApiOutcome } from './endpoint.outcome';

/** `api_print_shipment_label` in the shape chosen by `labelShape` (the shapes public code shows, and junk). */
export function labelEndpoint(ctx: SandboxEndpointContext, body: Body): ApiOutcome {
  const id = text(body.shipment_id);
  if (!ctx.looksLikeShipmentId(id)) return fail('Error : Shipment id is required.');
  const shipment = ctx.state.shipments.get(id);
  if (shipment === undefined) return fail('Error : Shipment not found.');
  if (shipment.awb === null) return fail('Error : Label not available: shipment has no AWB.');
  const base = ctx.config.publicUrl();
  const paper = text(body.paper_size).toUpperCase() === 'A4' ? '&paper_size=A4' : '';
  switch (ctx.labelShape) {
    case 'pdf_urls':
      return ok({
        success: 1,
        shipment_label: [{ url: `${base}/shipment-label.pdf?shipment_id=${id}&awb=${shipment.awb}${paper}` }],
      });
    case 'data': {
      const returnTo = shipment.direction === 'reverse' ? shipment.consignee : ctx.warehouse();
      return ok({
        success: 1,
        awb: shipment.awb,
        courier_name: shipment.courierName ?? '',
        courier_id: shipment.courierId ?? '',
        barcode_img: `${base}/barcode-image?awb=${encodeURIComponent(shipment.awb)}`,
        tracking_url: ctx.trackingUrl(shipment),
        sort_code: `${(shipment.courierGroup ?? 'XX').slice(0, 3).toUpperCase()}/${placeFor(shipment.consignee.pincode).slice(0, 3).toUpperCase()}`,
        return_address: {
          name: returnTo.name,
          address: returnTo.address,
          city: returnTo.city,
          pincode: returnTo.pincode,
        },
      });
    }
    case 'garbage':
      return ok({
        success: 1,
        label: { status: 'queued', eta: 'soon' },
        shipment_label: 'Label generation in progress',
      });
  }
}
