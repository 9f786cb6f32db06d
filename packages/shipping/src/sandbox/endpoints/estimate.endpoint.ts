// `api_get_estimate`: rates for a parcel between two pincodes, cheapest first (and the phantom
// and keyed-answer faults, which change what a client gets back).
import { formatPaiseAsRupees, parseRupeesToPaise } from '../../money';
import { SANDBOX_COURIERS, isValidPincode, pincodeRules, quote } from '../sandbox.catalog';
import type { Quote, SandboxMode } from '../sandbox.catalog';
import { numberOf, text } from './endpoint.body';
import type { Body } from './endpoint.body';
import type { SandboxEndpointContext } from './endpoint.context';
import { fail, ok } from './endpoint.outcome';
import type { ApiOutcome } from './endpoint.outcome';

export function estimateEndpoint(
  ctx: SandboxEndpointContext,
  body: Body,
  options: { phantom: boolean; keyed: boolean },
): ApiOutcome {
  const origin = text(body.origin_pincode);
  const destination = text(body.destination_pincode);
  if (!isValidPincode(origin)) return fail('Error : Invalid origin pincode.');
  if (!isValidPincode(destination)) return fail('Error : Invalid destination pincode.');
  const weight = numberOf(body.weight);
  if (weight === null || weight <= 0) return fail('Error : Weight must be greater than 0.');
  const [length, breadth, height] = [numberOf(body.length), numberOf(body.breadth), numberOf(body.height)];
  if (length === null || breadth === null || height === null || length <= 0 || breadth <= 0 || height <= 0)
    return fail('Error : Length, breadth and height are required.');
  const letter = text(body.shipment_mode).toUpperCase();
  if (letter === 'H')
    return fail(
      'Error : Hyperlocal estimate requires sender_address, sender_city, consignee_address and consignee_city.',
    );
  if (letter !== 'S' && letter !== 'E') return fail('Error : Invalid shipment mode.');
  const mode: SandboxMode = letter === 'E' ? 'express' : 'surface';
  const type = text(body.shipment_type).toUpperCase();
  if (type !== 'P' && type !== 'C') return fail('Error : Invalid shipment type.');
  const valuePaise = parseRupeesToPaise(text(body.shipment_value) || '0');
  if (valuePaise === null || valuePaise < 0) return fail('Error : Invalid shipment value.');

  const rules = pincodeRules(destination);
  if (!rules.serviceable || !pincodeRules(origin).pickup) return fail('Pincode not serviceable.');
  if (type === 'C' && !rules.cod) return fail('COD not available for this pincode.');
  if (mode === 'express' && !rules.express) return fail('Express service not available for this pincode.');

  const quotes = quote({
    origin,
    destination,
    weightGrams: weight,
    lengthCm: length,
    breadthCm: breadth,
    heightCm: height,
    mode,
    cod: type === 'C',
    valuePaise,
  });
  const entries = quotes.map((q) => estimateEntry(q));
  if (options.phantom) entries.unshift(phantomEntry(ctx, quotes, mode, destination, type === 'C'));
  if (options.keyed)
    return ok({
      success: 1,
      estimate: Object.fromEntries(entries.map((entry) => [String(entry.courier_name), entry])),
    });
  return ok({ success: 1, estimate: entries });
}

function estimateEntry(q: Quote): Record<string, unknown> {
  return {
    courier_id: q.courier.id,
    courier_name: q.courier.name,
    courier_group_name: q.courier.group,
    freight_cost: formatPaiseAsRupees(q.freightPaise),
    cod_cost: formatPaiseAsRupees(q.codPaise),
    rto_cost: formatPaiseAsRupees(q.rtoPaise),
    courier_cost: formatPaiseAsRupees(q.totalPaise),
  };
}

/** The LIVE pitfall: a cheapest courier that booking will refuse with "Pincode not serviceable.". */
function phantomEntry(
  ctx: SandboxEndpointContext,
  quotes: Quote[],
  mode: SandboxMode,
  destination: string,
  cod: boolean,
): Record<string, unknown> {
  const offered = new Set(quotes.map((q) => q.courier.id));
  const courier =
    SANDBOX_COURIERS.find((c) => c.mode === mode && !offered.has(c.id)) ??
    SANDBOX_COURIERS.find((c) => c.mode === mode) ??
    SANDBOX_COURIERS[0];
  if (courier === undefined) throw new Error('sandbox has no couriers');
  const cheapest = quotes[0]?.totalPaise ?? 5000;
  const codPaise = cod ? Math.min(courier.codFixedPaise, Math.floor(cheapest / 3)) : 0;
  const totalPaise = Math.max(1000, cheapest - 300);
  ctx.state.phantomRefusals.add(`${courier.id}|${destination}`);
  ctx.state.save();
  return {
    courier_id: courier.id,
    courier_name: courier.name,
    courier_group_name: courier.group,
    freight_cost: formatPaiseAsRupees(totalPaise - codPaise),
    cod_cost: formatPaiseAsRupees(codPaise),
    rto_cost: formatPaiseAsRupees(totalPaise - codPaise),
    courier_cost: formatPaiseAsRupees(totalPaise),
  };
}
