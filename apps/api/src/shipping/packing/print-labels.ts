import { withBrandedStore } from './branded-store';
import {
  listBookedShipmentsFor,
  listOrdersWithItems,
  stampLabelsPrinted,
  type OrderForPacking,
  type ShipmentRecord,
} from '@app/db';
import { ORDER_STATUS_LABEL, type ICarryLabel, type ShipmentDirection } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { DocumentError, mergeLabelPdfs, renderLabels, type LabelData, type LabelPaper } from '../documents/index';
import { isLabelPrintable } from '../shipments/shipment.view';
import { fetchLabelPdf, LabelFetchError, labelUrlRefusal } from './label-fetch';
import { runLimited } from '../../platform/core/run-limited';

/** A labels or manifest request that cannot be printed, and why: the routes send it as a 4xx with this JSON. */
export class PackingRequestError extends Error {
  override readonly name = 'PackingRequestError';
  constructor(
    readonly status: 404 | 409 | 422,
    readonly code: 'ORDERS_NOT_FOUND' | 'NOT_BOOKED' | 'LABEL_INVALID' | 'MANIFEST_TOO_LONG' | 'MANIFEST_INVALID',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type LabelSource = 'icarry_pdf' | 'icarry_data' | 'ours';

export interface PrintedLabels {
  pdf: Uint8Array;
  /** Orders, in the order asked, and how each label was made. */
  labels: { orderId: string; orderNumber: string; shipmentId: string; source: LabelSource }[];
}

type Part = { source: 'icarry_pdf'; pdfs: Uint8Array[] } | { source: 'icarry_data' | 'ours'; label: LabelData };

const MAX_NAMED = 20;

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMED).join(', ');
  return names.length > MAX_NAMED ? `${shown} and ${names.length - MAX_NAMED} more` : shown;
}

/** Our own label for the shipment, with what iCarry told us (AWB, courier, routing code) when it said. */
function ourLabel(
  deps: AppDeps,
  { order, items }: OrderForPacking,
  shipment: ShipmentRecord,
  fromICarry: { awb?: string; courierName?: string | null; routingCode?: string | null } = {},
): LabelData {
  const store = deps.config.store;
  const address = order.shippingAddress;
  const customer = {
    name: address.name,
    addressLines: [address.line1, address.line2 ?? ''],
    city: address.city,
    state: address.state,
    pincode: address.pincode,
    phone: order.contactPhone,
  };
  // A return pickup travels the other way: from the customer to the store's warehouse.
  const isReturn = shipment.direction === 'return';
  const consignee = isReturn
    ? { ...store.returnAddress, phone: store.returnAddress.phone ?? store.supportPhone ?? '-' }
    : customer;
  const sender = isReturn ? { ...customer, phone: undefined } : store.returnAddress;
  return {
    awb: fromICarry.awb ?? shipment.awb ?? '',
    courierName: fromICarry.courierName ?? shipment.courierName ?? 'iCarry',
    consignee,
    payment:
      !isReturn && shipment.codAmountPaise > 0
        ? { kind: 'cod', amountPaise: shipment.codAmountPaise }
        : { kind: 'prepaid' },
    weightGrams: shipment.weightGrams,
    box: { lengthCm: shipment.lengthCm, breadthCm: shipment.breadthCm, heightCm: shipment.heightCm },
    orderNumber: order.orderNumber,
    itemCount: Math.max(
      1,
      items.reduce((sum, item) => sum + item.quantity, 0),
    ),
    contents: items.map((item) => `${item.quantity} x ${item.name}`).join(', '),
    returnAddress: sender,
    storeName: store.name,
    routingCode: fromICarry.routingCode ?? undefined,
    bookedAt: shipment.bookedAt ?? undefined,
  };
}

/**
 * One order's label: iCarry's own PDFs when its label call answers with URLs that give usable PDFs;
 * ours with iCarry's AWB, courier and routing code when it answers with label data; ours otherwise
 * (no answer, a refusal, an odd shape, an unreachable or broken PDF). Never throws for iCarry's sake.
 */
async function labelPart(deps: AppDeps, target: OrderForPacking, shipment: ShipmentRecord): Promise<Part> {
  const log = deps.logger.child({ orderId: target.order.id, shipmentId: shipment.id });
  const { icarry, config } = deps;
  if (!icarry || !shipment.providerShipmentId) return { source: 'ours', label: ourLabel(deps, target, shipment) };
  let answer: ICarryLabel;
  try {
    answer = await icarry.label(shipment.providerShipmentId, { timeoutMs: config.labels.fetchTimeoutMs });
  } catch (err) {
    log.warn({ reason: err instanceof Error ? err.message : String(err) }, '[iCarry] label call failed; printing ours');
    return { source: 'ours', label: ourLabel(deps, target, shipment) };
  }
  if (answer.kind === 'pdf_urls' && answer.urls.length > 0) {
    // One URL off iCarry's label hosts and none is fetched: the answer itself is suspect.
    const refusal = answer.urls.map((url) => labelUrlRefusal(url, config.labels.sources)).find((r) => r !== null);
    if (refusal) {
      log.warn(
        { reason: refusal },
        "[iCarry] iCarry's label URL is not on its label hosts; not fetched, printing ours",
      );
      return { source: 'ours', label: ourLabel(deps, target, shipment) };
    }
    try {
      const pdfs = await Promise.all(
        answer.urls.map((url) =>
          fetchLabelPdf(url, {
            timeoutMs: config.labels.fetchTimeoutMs,
            maxBytes: config.labels.maxPdfBytes,
            sources: config.labels.sources,
          }),
        ),
      );
      return { source: 'icarry_pdf', pdfs };
    } catch (err) {
      if (!(err instanceof LabelFetchError)) throw err;
      log.warn({ reason: err.message }, "[iCarry] iCarry's label PDF is not usable; printing ours");
      return { source: 'ours', label: ourLabel(deps, target, shipment) };
    }
  }
  if (answer.kind === 'data') {
    if (shipment.awb && answer.awb !== shipment.awb)
      log.warn(
        { awb: shipment.awb, labelAwb: answer.awb },
        "[iCarry] label data carries another AWB; printing iCarry's",
      );
    return {
      source: 'icarry_data',
      label: ourLabel(deps, target, shipment, {
        awb: answer.awb,
        courierName: answer.courierName,
        routingCode: answer.sortCode,
      }),
    };
  }
  log.info(
    { reason: answer.kind === 'none' ? answer.reason : 'no URLs' },
    '[iCarry] no label from iCarry; printing ours',
  );
  return { source: 'ours', label: ourLabel(deps, target, shipment) };
}

/**
 * The labels for `orderIds` (in that order, each once) as one PDF, and "printed" recorded on each
 * shipment. Throws PackingRequestError: an id that is no order (404, naming the ids), an order
 * without a printable booked shipment in `direction` (409, naming the orders and their status),
 * or data no label can carry (422, naming the order).
 */
export async function printLabels(
  unbranded: AppDeps,
  input: { orderIds: readonly string[]; paper: LabelPaper; direction: ShipmentDirection },
): Promise<PrintedLabels> {
  const deps = await withBrandedStore(unbranded);
  const ids = [...new Set(input.orderIds)];
  const orders = await listOrdersWithItems(deps.db, ids);
  const missing = ids.filter((id) => !orders.has(id));
  if (missing.length > 0)
    throw new PackingRequestError(404, 'ORDERS_NOT_FOUND', `No such order: ${listNames(missing)}.`, {
      orderIds: missing,
    });
  const shipments = await listBookedShipmentsFor(deps.db, ids, input.direction);
  const targets = ids.map((id) => {
    const target = orders.get(id) as OrderForPacking;
    return { target, shipment: shipments.get(id) };
  });
  const unbooked = targets.filter(({ shipment }) => !shipment || !isLabelPrintable(shipment));
  if (unbooked.length > 0) {
    const what = input.direction === 'return' ? 'No booked return pickup' : 'Not booked, so no label yet';
    throw new PackingRequestError(
      409,
      'NOT_BOOKED',
      `${what}: ${listNames(unbooked.map(({ target }) => `${target.order.orderNumber} (${ORDER_STATUS_LABEL[target.order.status]})`))}.`,
      { orderIds: unbooked.map(({ target }) => target.order.id) },
    );
  }
  const parts = await runLimited(targets, deps.config.labels.concurrency, ({ target, shipment }) =>
    labelPart(deps, target, shipment as ShipmentRecord),
  );
  // mergeLabelPdfs names a failing part by its position: remember which order each position is.
  const flat: (Uint8Array | LabelData)[] = [];
  const ownerOf: string[] = [];
  parts.forEach((part, i) => {
    const orderNumber = targets[i]?.target.order.orderNumber ?? '';
    for (const piece of part.source === 'icarry_pdf' ? part.pdfs : [part.label]) {
      flat.push(piece);
      ownerOf.push(orderNumber);
    }
  });
  let pdf: Uint8Array;
  try {
    // Only our own labels: render them straight (merging would load and copy the rendered PDF again).
    const ours = flat.filter((part): part is LabelData => !(part instanceof Uint8Array));
    pdf =
      ours.length === flat.length
        ? await renderLabels(ours, { paper: input.paper })
        : await mergeLabelPdfs(flat, { paper: input.paper });
  } catch (err) {
    if (!(err instanceof DocumentError)) throw err;
    const orderNumber = err.index === undefined ? undefined : ownerOf[err.index];
    throw new PackingRequestError(
      422,
      'LABEL_INVALID',
      orderNumber ? `Order ${orderNumber}: ${err.message}` : err.message,
      { documentCode: err.code, orderNumber: orderNumber ?? null, issues: err.issues },
    );
  }
  const printed = targets.map(({ target, shipment }, i) => ({
    orderId: target.order.id,
    orderNumber: target.order.orderNumber,
    shipmentId: (shipment as ShipmentRecord).id,
    source: parts[i]?.source ?? 'ours',
  }));
  await stampLabelsPrinted(
    deps.db,
    printed.map((p) => p.shipmentId),
    deps.clock.now(),
  );
  deps.logger.info(
    {
      count: printed.length,
      paper: input.paper,
      direction: input.direction,
      sources: countSources(printed.map((p) => p.source)),
    },
    'labels printed',
  );
  return { pdf, labels: printed };
}

export function countSources(sources: readonly LabelSource[]): Record<LabelSource, number> {
  const counts: Record<LabelSource, number> = { icarry_pdf: 0, icarry_data: 0, ours: 0 };
  for (const s of sources) counts[s]++;
  return counts;
}
