import { formatICarryDateTime, formatICarryDay } from '../icarry/icarry.dates';
import { formatPaiseAsRupees, parseRupeesToPaise } from '../money';
import { isBareIndianMobile } from '../phone';
import { ICARRY_STATE_CODES } from '../states';
import { ICARRY_STATUS_CODES } from '../status';
import {
  SANDBOX_COURIERS,
  TRANSIT_DAYS,
  chargeableGrams,
  codFeePaise,
  findCourier,
  freightPaise,
  isValidPincode,
  pincodeRules,
  placeFor,
  quote,
  zoneFor,
} from './sandbox.catalog';
import type { Quote, SandboxMode } from './sandbox.catalog';
import { SandboxInputError } from './sandbox.state';
import type { SandboxState } from './sandbox.state';
import type {
  ControlCallOptions,
  SandboxAddress,
  SandboxLabelShape,
  SandboxShipment,
  ShipmentChangeResult,
  WebhookDelivery,
} from './sandbox.types';
import type { SandboxWebhooks } from './sandbox.webhooks';

/** What an iCarry endpoint handler decided: a JSON answer, or no answer at all (the hang fault). */
export type ApiOutcome = { kind: 'json'; json: Record<string, unknown> } | { kind: 'hang' };

type Body = Record<string, unknown>;

/** The happy path a shipment walks: booked -> pickup scheduled -> manifested -> shipped -> in transit -> out for delivery -> delivered. */
export const HAPPY_PATH = [1, 25, 24, 3, 22, 26, 21] as const;
/** A return pickup's path: booked -> pickup scheduled -> picked up -> in transit -> delivered back to us. */
export const REVERSE_PATH = [1, 25, 3, 22, 21] as const;
const NEXT_STATUS: Record<number, number> = { 1: 25, 2: 25, 25: 24, 24: 3, 3: 22, 22: 26, 26: 21, 27: 23 };
const REVERSE_NEXT_STATUS: Record<number, number> = { 1: 25, 25: 3, 3: 22, 22: 21 };
/** Shipments whose id is a multiple of this are billed one 500 g slab heavier (a weight surcharge). */
export const SURCHARGE_EVERY = 5;
const SURCHARGE_GRAMS = 500;
/** iCarry lets you cancel only before pickup. */
const CANCELLABLE = new Set([1, 2, 25]);
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

/** The warehouse's state for a few pincode regions (printed on labels only). */
const WAREHOUSE_STATE_BY_PREFIX: Record<string, string> = {
  '11': 'DE',
  '12': 'HA',
  '30': 'RA',
  '38': 'GU',
  '40': 'MA',
  '41': 'MA',
  '50': 'TS',
  '56': 'KA',
  '60': 'TN',
  '70': 'WB',
};

function nextStatusOf(shipment: SandboxShipment): number | undefined {
  return (shipment.direction === 'reverse' ? REVERSE_NEXT_STATUS : NEXT_STATUS)[shipment.status];
}

function statusName(code: number): string {
  return (ICARRY_STATUS_CODES as Record<number, { name: string } | undefined>)[code]?.name ?? 'Unknown';
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

function objectOf(value: unknown): Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : {};
}

/** qs turns long bracketed lists into objects keyed "0".."n": accept both. */
function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value === 'object' && value !== null) return Object.values(value as Body);
  if (typeof value === 'string' || typeof value === 'number') return [value];
  return [];
}

function numberOf(value: unknown): number | null {
  const raw = text(value);
  if (raw === '' || !/^\d+(\.\d+)?$/.test(raw)) return null;
  return Number(raw);
}

function fail(error: string): ApiOutcome {
  return { kind: 'json', json: { success: 0, error } };
}

function ok(json: Record<string, unknown>): ApiOutcome {
  return { kind: 'json', json };
}

/**
 * The sandbox's iCarry: endpoint handlers with iCarry's validation and answers, and the
 * shipment lifecycle (status changes, NDRs, weight disputes) that the control API drives.
 */
export class SandboxEngine {
  constructor(
    readonly state: SandboxState,
    readonly webhooks: SandboxWebhooks,
    private readonly config: {
      username: string;
      apiKey: string;
      pickupAddressId: string;
      pickupPincode: string;
      publicUrl: () => string;
    },
  ) {}

  /** How label requests are answered; set by the option and the control call. */
  labelShape: SandboxLabelShape = 'pdf_urls';

  /** Our warehouse as an address: the consignee of returns, the "return to" of labels. */
  warehouse(): SandboxAddress {
    const pincode = this.config.pickupPincode;
    return {
      name: `Sandbox warehouse ${this.config.pickupAddressId}`,
      mobile: '9000000001',
      address: '1 Warehouse Road, Industrial Area',
      city: placeFor(pincode).replace(/_/g, ' '),
      state: WAREHOUSE_STATE_BY_PREFIX[pincode.slice(0, 2)] ?? 'DE',
      pincode,
    };
  }

  login(body: Body): ApiOutcome {
    const username = text(body.username);
    const key = text(body.key ?? body.Key);
    if (username !== this.config.username || key !== this.config.apiKey) {
      // Stock OpenCart's answer shape: an object, not a string.
      return ok({ error: { key: 'Warning: Incorrect API Key!' } });
    }
    return ok({ success: 'Success: API session successfully started!', api_token: this.state.issueToken() });
  }

  estimate(body: Body, options: { phantom: boolean; keyed: boolean }): ApiOutcome {
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
    const entries = quotes.map((q) => this.estimateEntry(q));
    if (options.phantom) entries.unshift(this.phantomEntry(quotes, mode, destination, type === 'C'));
    if (options.keyed)
      return ok({
        success: 1,
        estimate: Object.fromEntries(entries.map((entry) => [String(entry.courier_name), entry])),
      });
    return ok({ success: 1, estimate: entries });
  }

  private estimateEntry(q: Quote): Record<string, unknown> {
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
  private phantomEntry(quotes: Quote[], mode: SandboxMode, destination: string, cod: boolean): Record<string, unknown> {
    const offered = new Set(quotes.map((q) => q.courier.id));
    const courier =
      SANDBOX_COURIERS.find((c) => c.mode === mode && !offered.has(c.id)) ??
      SANDBOX_COURIERS.find((c) => c.mode === mode) ??
      SANDBOX_COURIERS[0];
    if (courier === undefined) throw new Error('sandbox has no couriers');
    const cheapest = quotes[0]?.totalPaise ?? 5000;
    const codPaise = cod ? Math.min(courier.codFixedPaise, Math.floor(cheapest / 3)) : 0;
    const totalPaise = Math.max(1000, cheapest - 300);
    this.state.phantomRefusals.add(`${courier.id}|${destination}`);
    this.state.save();
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

  checkPincode(body: Body): ApiOutcome {
    const pincode = text(body.pincode);
    if (!isValidPincode(pincode)) return fail('Error : Invalid pincode.');
    const rules = pincodeRules(pincode);
    if (!rules.serviceable) return ok({ success: 0, msg: [] });
    const yn = (flag: boolean): string => (flag ? 'Y' : 'N');
    return ok({ success: 1, msg: [{ service: 'Y', prepaid: 'Y', cod: yn(rules.cod), pickup: yn(rules.pickup) }] });
  }

  book(body: Body, mode: SandboxMode, options: { hangAfterAccept: boolean }): ApiOutcome {
    const pickupAddressId = text(body.pickup_address_id);
    if (pickupAddressId === '') return fail('Error : pickup_address_id is required.');
    const consignee = objectOf(body.consignee);
    const parcel = objectOf(body.parcel);
    for (const field of ['name', 'mobile', 'address', 'city', 'state', 'pincode'] as const) {
      if (text(consignee[field]) === '') return fail(`Error : Consignee ${field} is required.`);
    }
    const mobile = text(consignee.mobile);
    if (!isBareIndianMobile(mobile)) return fail('Error : Consignee mobile must be a valid 10 digit mobile number.');
    const altMobile = text(consignee.alt_mobile);
    if (altMobile !== '' && !isBareIndianMobile(altMobile))
      return fail('Error : Consignee alternate mobile must be a valid 10 digit mobile number.');
    const state = text(consignee.state);
    if (!Object.hasOwn(ICARRY_STATE_CODES, state))
      return fail(`Error : Invalid consignee state code '${state.slice(0, 20)}'.`);
    const pincode = text(consignee.pincode);
    if (!isValidPincode(pincode)) return fail('Error : Invalid consignee pincode.');

    const typeRaw = text(parcel.type).toUpperCase();
    const parcelType =
      typeRaw === 'COD' || typeRaw === 'C' ? 'COD' : typeRaw === 'PREPAID' || typeRaw === 'P' ? 'Prepaid' : null;
    if (parcelType === null) return fail('Error : Parcel type must be COD or Prepaid.');
    const valuePaise = parseRupeesToPaise(text(parcel.value));
    if (valuePaise === null || valuePaise < 100) return fail('Error : Parcel value is required.');
    const contents = text(parcel.contents);
    if (contents === '') return fail('Error : Parcel contents are required.');
    if (contents.length > 255) return fail('Error : Parcel contents must be less than 255 characters.');
    const weight = objectOf(parcel.weight);
    const weightValue = numberOf(weight.weight);
    const weightUnit = text(weight.unit).toLowerCase() || 'gm';
    if (weightValue === null || weightValue <= 0) return fail('Error : Parcel weight must be greater than 0.');
    if (weightUnit !== 'gm' && weightUnit !== 'kg') return fail('Error : Parcel weight unit must be gm or kg.');
    const weightGrams = Math.round(weightUnit === 'kg' ? weightValue * 1000 : weightValue);
    const dimensions = objectOf(parcel.dimensions);
    const [length, breadth, height] = [
      numberOf(dimensions.length),
      numberOf(dimensions.breadth),
      numberOf(dimensions.height),
    ];
    if (length === null || breadth === null || height === null || length <= 0 || breadth <= 0 || height <= 0)
      return fail('Error : Parcel dimensions are required.');
    const items = listOf(parcel.items).map((raw) => {
      const item = objectOf(raw);
      return {
        name: text(item.name),
        pid: text(item.pid) || null,
        price: text(item.price),
        quantity: numberOf(item.quantity) ?? 1,
      };
    });

    const saveOnly = body.save_only !== undefined && body.save_only !== null;
    const wrongPickup = pickupAddressId !== this.config.pickupAddressId;
    let chosen: Quote | null = null;
    if (!saveOnly && !wrongPickup) {
      const quotes = quote({
        origin: this.config.pickupPincode,
        destination: pincode,
        weightGrams,
        lengthCm: length,
        breadthCm: breadth,
        heightCm: height,
        mode,
        cod: parcelType === 'COD',
        valuePaise,
      });
      const courierId = text(body.courier_id);
      if (courierId !== '') {
        const courier = findCourier(courierId);
        if (courier === undefined) return fail('Error : Invalid courier id.');
        if (courier.mode !== mode) return fail('Error : Courier not available for this shipment mode.');
        if (this.state.phantomRefusals.has(`${courierId}|${pincode}`)) return fail('Pincode not serviceable.');
        chosen = quotes.find((q) => q.courier.id === courierId) ?? null;
        // iCarry ties courier ids to weight slabs: a quote for another weight is refused like this.
        if (chosen === null) return fail('Pincode not serviceable.');
      } else {
        chosen = quotes[0] ?? null;
        if (chosen === null)
          return fail(
            pincodeRules(pincode).serviceable && parcelType === 'COD' && !pincodeRules(pincode).cod
              ? 'COD not available for this pincode.'
              : 'Pincode not serviceable.',
          );
      }
    }

    const now = this.state.now();
    const shipmentId = this.state.allocateShipmentId();
    const zone = zoneFor(this.config.pickupPincode, pincode);
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
      pickupAddressId,
      pickupId: chosen === null ? null : this.state.allocatePickupId(),
      status: chosen === null ? 2 : 1,
      originPincode: this.config.pickupPincode,
      consignee: {
        name: text(consignee.name),
        mobile,
        address: text(consignee.address),
        city: text(consignee.city),
        state,
        pincode,
      },
      parcel: {
        type: parcelType,
        valuePaise,
        weightGrams,
        lengthCm: length,
        breadthCm: breadth,
        heightCm: height,
        contents,
        items,
      },
      costEstimatePaise: chosen?.totalPaise ?? null,
      createdAt: now.toISOString(),
      eddAt: chosen === null ? null : new Date(now.getTime() + TRANSIT_DAYS[zone] * 86_400_000).toISOString(),
      pickedAt: null,
      deliveredAt: null,
      history: [],
      ndrs: [],
      weightDisputes: [],
    };
    this.pushHistory(shipment, shipment.status);
    this.state.shipments.set(shipmentId, shipment);
    this.state.save();
    if (options.hangAfterAccept) return { kind: 'hang' };

    if (chosen === null) {
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
      tracking_url: this.trackingUrl(shipment),
      client_order_id: shipment.clientOrderId ?? '',
    });
  }

  track(body: Body): ApiOutcome {
    const id = text(body.shipment_id);
    // LIVE quirk: an AWB (or nothing) is refused with this exact text.
    if (!this.looksLikeShipmentId(id)) return fail('Error : Shipment id is required.');
    const shipment = this.state.shipments.get(id);
    if (shipment === undefined) return fail('Error : Shipment not found.');
    const last = shipment.history.at(-1);
    return ok({
      success: 1,
      status: statusName(shipment.status),
      awb: shipment.awb ?? '',
      courier_name: shipment.courierName ?? '',
      tracking_url: this.trackingUrl(shipment),
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

  statusSync(body: Body): ApiOutcome {
    const ids = listOf(body.shipment_ids)
      .map(text)
      .filter((id) => id !== '');
    if (ids.length === 0) return fail('Error : shipment_ids is required.');
    return ok({
      success: 1,
      msg: ids.map((id) => {
        const shipment = this.state.shipments.get(id);
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

  cancel(body: Body): ApiOutcome {
    const id = text(body.shipment_id);
    if (!this.looksLikeShipmentId(id)) return fail('Error : Shipment id is required.');
    const shipment = this.state.shipments.get(id);
    if (shipment === undefined) return fail('Error : Shipment not found.');
    if (shipment.status === 7) return fail('Error : Shipment is already cancelled.');
    if (!CANCELLABLE.has(shipment.status)) return fail('Error : Shipment cannot be cancelled after pickup.');
    this.applyStatus(shipment, 7);
    void this.webhooks.dispatch(this.webhooks.statusPush(shipment), false);
    return ok({ success: 'Shipment cancelled successfully.', shipment_id: id });
  }

  /** `api_print_shipment_label` in the shape chosen by `labelShape` (the shapes public code shows, and junk). */
  label(body: Body): ApiOutcome {
    const id = text(body.shipment_id);
    if (!this.looksLikeShipmentId(id)) return fail('Error : Shipment id is required.');
    const shipment = this.state.shipments.get(id);
    if (shipment === undefined) return fail('Error : Shipment not found.');
    if (shipment.awb === null) return fail('Error : Label not available: shipment has no AWB.');
    const base = this.config.publicUrl();
    const paper = text(body.paper_size).toUpperCase() === 'A4' ? '&paper_size=A4' : '';
    switch (this.labelShape) {
      case 'pdf_urls':
        return ok({
          success: 1,
          shipment_label: [{ url: `${base}/shipment-label.pdf?shipment_id=${id}&awb=${shipment.awb}${paper}` }],
        });
      case 'data': {
        const returnTo = shipment.direction === 'reverse' ? shipment.consignee : this.warehouse();
        return ok({
          success: 1,
          awb: shipment.awb,
          courier_name: shipment.courierName ?? '',
          courier_id: shipment.courierId ?? '',
          barcode_img: `${base}/barcode-image?awb=${encodeURIComponent(shipment.awb)}`,
          tracking_url: this.trackingUrl(shipment),
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

  /**
   * `api_add_reverse_shipment`: a return pickup for a delivered forward shipment. The courier
   * collects from its consignee and delivers to our warehouse; the return has its own id, AWB and
   * statuses (REVERSE_PATH), and is prepaid.
   */
  reverse(body: Body, options: { hangAfterAccept: boolean }): ApiOutcome {
    const id = text(body.shipment_id);
    if (!this.looksLikeShipmentId(id)) return fail('Error : Shipment id is required.');
    const forward = this.state.shipments.get(id);
    if (forward === undefined) return fail('Error : Shipment not found.');
    if (forward.direction === 'reverse') return fail('Error : A reverse shipment cannot be returned again.');
    if (forward.status !== 21) return fail('Error : Reverse pickup is allowed only for delivered shipments.');
    const existing =
      forward.reverseShipmentId === null ? undefined : this.state.shipments.get(forward.reverseShipmentId);
    if (existing !== undefined && existing.status !== 7)
      return fail(`Error : A reverse shipment (id ${existing.shipmentId}) already exists for this shipment.`);
    const returnAddressId = text(body.return_address_id) || forward.pickupAddressId;
    if (returnAddressId !== this.config.pickupAddressId) return fail('Error : Return address not found.');

    const { parcel } = forward;
    const quotes = quote({
      origin: forward.consignee.pincode,
      destination: this.config.pickupPincode,
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

    const now = this.state.now();
    const shipmentId = this.state.allocateShipmentId();
    const zone = zoneFor(forward.consignee.pincode, this.config.pickupPincode);
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
      pickupId: this.state.allocatePickupId(),
      status: 1,
      originPincode: forward.consignee.pincode,
      consignee: this.warehouse(),
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
    this.pushHistory(shipment, 1);
    this.state.shipments.set(shipmentId, shipment);
    forward.reverseShipmentId = shipmentId;
    this.state.save();
    if (options.hangAfterAccept) return { kind: 'hang' };
    return ok({
      success: `Success: You have added a new reverse shipment with id ${shipmentId}.`,
      error: '',
      shipment_id: shipmentId,
      awb: shipment.awb,
      courier_id: chosen.courier.id,
      courier: chosen.courier.name,
      courier_name: chosen.courier.name,
      pickup_id: shipment.pickupId,
      cost_estimate: formatPaiseAsRupees(chosen.freightPaise),
      tracking_url: this.trackingUrl(shipment),
      client_order_id: shipment.clientOrderId ?? '',
    });
  }

  /**
   * `api_shipment_billing_sync`: what "iCarry" charged (`miles`, in rupees). A shipment is billed
   * once picked up: the quoted freight, the COD fee once delivered, RTO freight on a return to
   * origin, and one 500 g slab more for every SURCHARGE_EVERY-th shipment id or at the courier's
   * weight after a dispute. Unknown ids are left out; not-yet-billed ones answer an empty `miles`.
   */
  billingSync(body: Body): ApiOutcome {
    const ids = listOf(body.shipment_ids)
      .map(text)
      .filter((id) => id !== '');
    if (ids.length === 0) return fail('Error : shipment_ids is required.');
    const msg: Record<string, unknown>[] = [];
    for (const id of ids) {
      const shipment = this.state.shipments.get(id);
      if (shipment === undefined) continue;
      const charge = this.billedCharge(shipment);
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
  billedCharge(shipment: SandboxShipment): { paise: number; grams: number } | null {
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

  /** iCarry ids are short integers; AWBs (even all-digit ones) are not accepted in their place. */
  private looksLikeShipmentId(id: string): boolean {
    return /^\d{1,10}$/.test(id) && this.findByAwb(id) === undefined;
  }

  trackingUrl(shipment: SandboxShipment): string {
    return shipment.awb === null
      ? ''
      : `${this.config.publicUrl()}/track-shipment?awb=${encodeURIComponent(shipment.awb)}`;
  }

  findByAwb(awb: string): SandboxShipment | undefined {
    return [...this.state.shipments.values()].find((shipment) => shipment.awb === awb);
  }

  /** Moves a shipment one step along its path (happy, RTO or return path); final statuses stay. */
  async advance(id: string, options: ControlCallOptions = {}): Promise<ShipmentChangeResult> {
    const shipment = this.state.getShipment(id);
    if (shipment.awb === null)
      throw new SandboxInputError(`shipment ${id} has no AWB (not assigned to a courier); it cannot move`, 409);
    const next = nextStatusOf(shipment);
    if (next === undefined) return { shipment, statusCode: shipment.status, changed: false, deliveries: [] };
    return this.changeStatus(shipment, next, options);
  }

  /** Sets any numeric code, even backwards or unknown ones: for testing receivers. */
  async setStatus(id: string, code: number, options: ControlCallOptions = {}): Promise<ShipmentChangeResult> {
    if (!Number.isInteger(code) || code < 0 || code > 9999)
      throw new SandboxInputError('status code must be an integer 0-9999');
    return this.changeStatus(this.state.getShipment(id), code, options);
  }

  async raiseNdr(id: string, type: string, options: ControlCallOptions = {}): Promise<ShipmentChangeResult> {
    const shipment = this.state.getShipment(id);
    const ndrType = type.trim();
    if (ndrType === '') throw new SandboxInputError('NDR type is required (e.g. REATTEMPT-CONTACT)');
    const at = this.state.now().toISOString();
    shipment.ndrs.push({ type: ndrType, at });
    shipment.history.push({
      code: shipment.status,
      at,
      location: `${placeFor(shipment.consignee.pincode)}_DC`,
      notes: `Delivery attempt failed (${ndrType})`,
    });
    this.state.save();
    const deliveries = await this.webhooks.dispatch(
      this.webhooks.ndrPush(shipment, ndrType),
      options.awaitWebhooks ?? true,
    );
    return { shipment, statusCode: shipment.status, changed: true, deliveries };
  }

  async weightDiscrepancy(
    id: string,
    newGrams: number,
    options: ControlCallOptions & { newDimensions?: { lengthCm: number; breadthCm: number; heightCm: number } } = {},
  ): Promise<ShipmentChangeResult> {
    const shipment = this.state.getShipment(id);
    if (!Number.isInteger(newGrams) || newGrams <= 0)
      throw new SandboxInputError('newGrams must be a positive integer');
    const { parcel } = shipment;
    const oldDimensions = `${parcel.lengthCm}x${parcel.breadthCm}x${parcel.heightCm}`;
    const dims = options.newDimensions;
    const newDimensions = dims === undefined ? oldDimensions : `${dims.lengthCm}x${dims.breadthCm}x${dims.heightCm}`;
    const dispute = {
      oldGrams: parcel.weightGrams,
      newGrams,
      oldDimensions,
      newDimensions,
      at: this.state.now().toISOString(),
    };
    shipment.weightDisputes.push(dispute);
    this.state.save();
    const deliveries = await this.webhooks.dispatch(
      this.webhooks.weightPush(shipment, dispute),
      options.awaitWebhooks ?? true,
    );
    return { shipment, statusCode: shipment.status, changed: true, deliveries };
  }

  /** One auto-advance tick: every open shipment with an AWB moves one step; webhooks in the background. */
  autoAdvanceTick(): number {
    let moved = 0;
    for (const shipment of this.state.shipments.values()) {
      if (shipment.awb === null || nextStatusOf(shipment) === undefined) continue;
      void this.advance(shipment.shipmentId, { awaitWebhooks: false });
      moved += 1;
    }
    return moved;
  }

  private async changeStatus(
    shipment: SandboxShipment,
    code: number,
    options: ControlCallOptions,
  ): Promise<ShipmentChangeResult> {
    this.applyStatus(shipment, code);
    const deliveries: WebhookDelivery[] = await this.webhooks.dispatch(
      this.webhooks.statusPush(shipment),
      options.awaitWebhooks ?? true,
    );
    return { shipment, statusCode: shipment.status, changed: true, deliveries };
  }

  private applyStatus(shipment: SandboxShipment, code: number): void {
    const now = this.state.now().toISOString();
    shipment.status = code;
    if (PICKED_UP_OR_LATER.has(code) && shipment.pickedAt === null) shipment.pickedAt = now;
    if (code === 21 && shipment.deliveredAt === null) shipment.deliveredAt = now;
    this.pushHistory(shipment, code);
    this.state.save();
  }

  private pushHistory(shipment: SandboxShipment, code: number): void {
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
      at: this.state.now().toISOString(),
      location,
      notes: notes ?? `Status updated (${code})`,
    });
  }
}
