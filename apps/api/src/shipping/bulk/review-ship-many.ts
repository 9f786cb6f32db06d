import { findActiveShipment, listOrdersWithItems, type CodConfirmationState, type OrderForPacking } from '@app/db';
import {
  ICarryAPIError,
  ORDER_STATUS_LABEL,
  cheapestReason,
  namedCourierReason,
  spoilageCheck,
  type Estimate,
  type ShipmentMode,
  DEFAULT_SHIPMENT_MODE,
} from '@app/shipping';
import { requireICarry, toAppError } from '../booking/icarry-errors';
import { planParcel } from '../booking/plan-parcel';
import { addressProblem, noCourierReason } from '../booking/serviceability';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { runLimited } from '../../platform/core/run-limited';
import { resolveSelection, type OrderSelection } from './resolve-selection';
import { codBlockedReason } from '../../customer/cod-confirmation/cod-confirmation.rules';
import type { CourierPolicy } from './ship-many';
import { codRisks, courierOutlook } from '../shipments/delivery-memory.service';

const ESTIMATE_CONCURRENCY = 8;

interface Group {
  pincode: string;
  weightGrams: number;
  box: { lengthCm: number; breadthCm: number; heightCm: number };
  paymentMethod: 'cod' | 'prepaid';
  /** The largest order value in the group: the COD fee grows with it, so the estimate errs high. */
  valuePaise: number;
  orders: OrderForPacking[];
  couriers?: Estimate[];
  error?: string;
  /** No courier offered: booking's own reason (COD not available, or the pincode not served). */
  noCourier?: string;
  /** The store's history with the offered couriers to this place (the "best" pick, transit). */
  outlook?: Awaited<ReturnType<typeof courierOutlook>>;
}

/**
 * What the admin sees before a bulk ship: how many orders, the cash to collect, which parcels fall
 * back to 0.5 kg, which pincodes iCarry does not serve, and which couriers are offered (with the
 * expected cost under the chosen policy). iCarry is asked once per (pincode, weight, box, payment)
 * rather than once per order; costs are estimates. Changes nothing.
 */
export async function reviewShipMany(
  deps: AppDeps,
  input: {
    selection: OrderSelection;
    courierPolicy?: CourierPolicy | undefined;
    mode?: ShipmentMode | undefined;
    /** As bulk ship takes it: the unconfirmed COD orders are booked too (listed in overriddenCod). */
    confirmOverride?: boolean | undefined;
  },
) {
  const icarry = requireICarry(deps);
  const ids = await resolveSelection(deps, input.selection, deps.config.bulkShip.maxOrders);
  const orders = await listOrdersWithItems(deps.db, ids);
  const missing = ids.filter((id) => !orders.has(id));
  if (missing.length > 0) {
    throw new AppError('BATCH_ORDERS_NOT_FOUND', {
      userMessage: `No such order: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ` and ${missing.length - 20} more` : ''}.`,
      details: { orderIds: missing.slice(0, 100) },
    });
  }
  const mode = input.mode ?? DEFAULT_SHIPMENT_MODE;
  const notShippable: { orderId: string; orderNumber: string; reason: string }[] = [];
  /** Orders the batch will try and booking will refuse, each with booking's reason. */
  const willFail: { orderId: string; orderNumber: string; reason: string }[] = [];
  const shippable: OrderForPacking[] = [];
  /** COD orders their customer has not confirmed: bulk ship skips them with this reason. */
  const unconfirmedCod: { orderId: string; orderNumber: string; state: CodConfirmationState; reason: string }[] = [];
  /** With confirmOverride: the same orders, booked anyway (each override recorded with the admin). */
  const overriddenCod: typeof unconfirmedCod = [];
  for (const id of ids) {
    const entry = orders.get(id);
    if (!entry) continue;
    const { order } = entry;
    const active = await findActiveShipment(deps.db, id);
    if (active) {
      notShippable.push({
        orderId: id,
        orderNumber: order.orderNumber,
        reason: active.bookingState === 'booked' ? 'Already shipped.' : 'Already being booked.',
      });
      continue;
    }
    if (order.status !== 'processing') {
      notShippable.push({
        orderId: id,
        orderNumber: order.orderNumber,
        reason: `Only orders in Processing can be shipped. This order is ${ORDER_STATUS_LABEL[order.status]}.`,
      });
      continue;
    }
    const codReason = codBlockedReason(order.codConfirmation.state);
    if (codReason) {
      const ref = {
        orderId: id,
        orderNumber: order.orderNumber,
        state: order.codConfirmation.state,
        reason: codReason,
      };
      if (input.confirmOverride === true) overriddenCod.push(ref);
      else {
        unconfirmedCod.push(ref);
        continue;
      }
    }
    shippable.push(entry);
  }
  // Booking refuses these before asking iCarry; the same rule, the same words.
  const quotable: OrderForPacking[] = [];
  for (const entry of shippable) {
    const problem = addressProblem(entry.order);
    if (problem)
      willFail.push({ orderId: entry.order.id, orderNumber: entry.order.orderNumber, reason: problem.userMessage });
    else quotable.push(entry);
  }

  const groups = new Map<string, Group>();
  const weightFallbacks: { orderId: string; orderNumber: string; weightGrams: number; unparsedItems: string[] }[] = [];
  const shelfLife = new Map<string, number>();
  for (const entry of quotable) {
    const parcel = planParcel(deps.config, entry.items, entry.order);
    if (parcel.usedFallback)
      weightFallbacks.push({
        orderId: entry.order.id,
        orderNumber: entry.order.orderNumber,
        weightGrams: parcel.weightGrams,
        unparsedItems: parcel.unparsedItems.map((i) => i.name ?? i.sku ?? 'item'),
      });
    if (parcel.shelfLifeDays !== null) shelfLife.set(entry.order.id, parcel.shelfLifeDays);
    const box = { lengthCm: parcel.lengthCm, breadthCm: parcel.breadthCm, heightCm: parcel.heightCm };
    const key = `${entry.order.shippingAddress.pincode}|${parcel.weightGrams}|${box.lengthCm}x${box.breadthCm}x${box.heightCm}|${entry.order.paymentMethod}`;
    const group = groups.get(key) ?? {
      pincode: entry.order.shippingAddress.pincode,
      weightGrams: parcel.weightGrams,
      box,
      paymentMethod: entry.order.paymentMethod,
      valuePaise: 0,
      orders: [],
    };
    group.orders.push(entry);
    group.valuePaise = Math.max(group.valuePaise, entry.order.totalPaise);
    groups.set(key, group);
  }
  await runLimited([...groups.values()], ESTIMATE_CONCURRENCY, async (group) => {
    try {
      group.couriers = await icarry.estimate({
        originPincode: deps.config.pickupPincode,
        destinationPincode: group.pincode,
        weightGrams: group.weightGrams,
        ...group.box,
        mode,
        paymentType: group.paymentMethod,
        shipmentValuePaise: group.valuePaise,
      });
    } catch (err) {
      if (err instanceof ICarryAPIError && err.kind === 'not_serviceable') group.couriers = [];
      else group.error = toAppError(err, 'the estimate').userMessage;
    }
    if (group.couriers?.length === 0)
      group.noCourier = (await noCourierReason(icarry, group.pincode, group.paymentMethod)).userMessage;
    // The store's history is read only where it decides something: the "best" pick, a preferred
    // courier's reason, or a perishable parcel's spoilage check.
    else if (
      group.couriers &&
      ((input.courierPolicy !== undefined && input.courierPolicy !== 'cheapest') ||
        group.orders.some((e) => shelfLife.has(e.order.id)))
    )
      group.outlook = await courierOutlook(deps, {
        pincode: group.pincode,
        estimates: group.couriers,
        shelfLifeDays: null,
      });
  });
  const policy = input.courierPolicy ?? 'cheapest';

  const preferred = typeof policy === 'string' ? null : policy.courierId;
  /** Each order's courier under the policy, and why (the batch books with the same rule). */
  const courierChoices: {
    orderId: string;
    orderNumber: string;
    courierName: string;
    totalPaise: number;
    reason: string;
  }[] = [];
  /** Perishable parcels the slow tenth of deliveries with their courier would spoil. */
  const spoilage: { orderId: string; orderNumber: string; courierName: string; reason: string }[] = [];
  const unserviceable: { orderId: string; orderNumber: string; pincode: string; reason: string }[] = [];
  const unquoted: { orderId: string; orderNumber: string; reason: string }[] = [];
  const preferredUnavailable: { orderId: string; orderNumber: string }[] = [];
  const couriers = new Map<string, { courierId: string; courierName: string; orders: number; cheapestFor: number }>();
  let estimatedCostPaise = 0;
  for (const group of groups.values()) {
    for (const { order } of group.orders) {
      const ref = { orderId: order.id, orderNumber: order.orderNumber };
      if (group.error !== undefined) {
        unquoted.push({ ...ref, reason: group.error });
        continue;
      }
      const offered = group.couriers ?? [];
      const cheapest = offered[0];
      if (!cheapest) {
        const reason = group.noCourier ?? 'iCarry does not deliver to this pincode.';
        unserviceable.push({ ...ref, pincode: group.pincode, reason });
        willFail.push({ ...ref, reason });
        continue;
      }
      for (const c of offered) {
        const seen = couriers.get(c.courierId) ?? {
          courierId: c.courierId,
          courierName: c.courierName,
          orders: 0,
          cheapestFor: 0,
        };
        seen.orders++;
        if (c === cheapest) seen.cheapestFor++;
        couriers.set(c.courierId, seen);
      }
      const named = preferred ? offered.find((c) => c.courierId === preferred) : undefined;
      if (preferred && !named) preferredUnavailable.push(ref);
      const best = policy === 'best' ? group.outlook?.best : undefined;
      const chosen = named ?? best?.estimate ?? cheapest;
      estimatedCostPaise += chosen.totalPaise;
      courierChoices.push({
        ...ref,
        courierName: chosen.courierName,
        totalPaise: chosen.totalPaise,
        reason: named
          ? namedCourierReason(named, offered, group.outlook?.best ?? null, 'preferred')
          : best
            ? best.reason
            : cheapestReason(offered),
      });
      const days = shelfLife.get(order.id);
      const check = spoilageCheck(days ?? null, group.outlook?.records.get(chosen.courierId)?.p90Days ?? null);
      if (check.spoils && check.reason)
        spoilage.push({ ...ref, courierName: chosen.courierName, reason: check.reason });
    }
  }
  // Ready = what the batch will try and booking is expected to accept: selected = ready + will fail + skipped.
  const failing = new Set(willFail.map((f) => f.orderId));
  const ready = shippable.filter((e) => !failing.has(e.order.id));
  const cod = ready.filter((e) => e.order.paymentMethod === 'cod');
  const inSelection = new Map(ids.map((id, index) => [id, index]));
  willFail.sort((a, b) => (inSelection.get(a.orderId) ?? 0) - (inSelection.get(b.orderId) ?? 0));
  // Shown, not skipped: the admin decides (a city spelt oddly still ships); errors first.
  const addressProblems = shippable
    .filter((e) => e.order.addressCheck !== null && e.order.addressCheck.state !== 'ok')
    .map(({ order }) => ({
      orderId: order.id,
      orderNumber: order.orderNumber,
      state: order.addressCheck?.state === 'error' ? ('error' as const) : ('warning' as const),
      problems: order.addressCheck?.problems ?? [],
    }))
    .sort((a, b) => (a.state === b.state ? 0 : a.state === 'error' ? -1 : 1));
  // Shown, not skipped: a COD order to a place that often sends COD parcels back (the admin may call first).
  const risks = await codRisks(
    deps,
    cod.map(({ order }) => ({
      id: order.id,
      pincode: order.shippingAddress.pincode,
      paymentMethod: order.paymentMethod,
    })),
  );
  const riskyCod = cod.flatMap(({ order }) => {
    const risk = risks.get(order.id);
    return risk?.risky && risk.reason
      ? [{ orderId: order.id, orderNumber: order.orderNumber, rtoRate: risk.rtoRate ?? 0, reason: risk.reason }]
      : [];
  });
  return {
    count: ids.length,
    shippableCount: shippable.length,
    readyCount: ready.length,
    willFail,
    notShippable,
    unconfirmedCod,
    overriddenCod,
    codCount: cod.length,
    prepaidCount: ready.length - cod.length,
    /** The cash the couriers collect (each order's COD amount, which may be below its total). */
    totalCodPaise: cod.reduce((sum, e) => sum + e.order.codAmountPaise, 0),
    weightFallbacks,
    addressProblemCount: addressProblems.length,
    addressErrorCount: addressProblems.filter((a) => a.state === 'error').length,
    addressProblems,
    unserviceable,
    unquoted,
    preferredUnavailable,
    courierChoices,
    riskyCod,
    spoilage,
    /** Perishables are warned with the mode reviewed; express is offered when this is surface. */
    mode,
    couriers: [...couriers.values()].sort((a, b) => b.orders - a.orders || a.courierName.localeCompare(b.courierName)),
    estimatedCostPaise,
    maxOrders: deps.config.bulkShip.maxOrders,
  };
}
