import { listBookedShipmentsFor, listOrdersWithItems, type ShipmentRecord } from '@app/db';
import { ORDER_STATUS_LABEL, type OrderStatus } from '@app/shipping';
import { resolveSelection, type OrderSelection } from '../bulk/resolve-selection';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { isLabelPrintable } from '../shipments/shipment.view';

/** Why an order of a selection gets no label: said the way GET /api/labels.pdf would refuse it. */
function skipReason(status: OrderStatus, shipment: ShipmentRecord | undefined): string {
  if (!shipment) return `Not booked, so no label yet (${ORDER_STATUS_LABEL[status]}).`;
  if (shipment.status === 'cancelled') return 'The shipment was cancelled.';
  return 'Booked, but iCarry has not assigned an AWB yet.';
}

/**
 * "Print labels" for a selection in the orders list (ticked, or all matching the list's status and
 * search): which of the orders have a label to print (in the list's order), which are skipped and
 * why, and how many labels one PDF may hold, so the web asks for the PDFs and says what it left
 * out without deciding either. Changes nothing. Throws BATCH_EMPTY and BATCH_TOO_LARGE.
 */
export async function labelSelection(deps: AppDeps, selection: OrderSelection) {
  let ids: string[];
  try {
    ids = await resolveSelection(deps, selection, deps.config.bulkShip.maxOrders);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'BATCH_TOO_LARGE') throw err;
    const max = deps.config.bulkShip.maxOrders;
    throw new AppError('BATCH_TOO_LARGE', {
      userMessage: `More than ${max} orders are selected; print labels for at most ${max} at a time. Narrow the selection.`,
      details: { max },
      cause: err,
    });
  }
  const [orders, shipments] = await Promise.all([
    listOrdersWithItems(deps.db, ids),
    listBookedShipmentsFor(deps.db, ids, 'forward'),
  ]);
  const printableOrderIds: string[] = [];
  const skipped: { orderId: string; orderNumber: string; reason: string }[] = [];
  let alreadyPrinted = 0;
  for (const id of ids) {
    const order = orders.get(id)?.order;
    if (!order) {
      skipped.push({ orderId: id, orderNumber: id, reason: 'No such order.' });
      continue;
    }
    const shipment = shipments.get(id);
    if (shipment && isLabelPrintable(shipment)) {
      printableOrderIds.push(id);
      if (shipment.labelPrintedAt) alreadyPrinted++;
    } else {
      skipped.push({ orderId: id, orderNumber: order.orderNumber, reason: skipReason(order.status, shipment) });
    }
  }
  return {
    count: ids.length,
    printableOrderIds,
    skipped,
    alreadyPrinted,
    maxPerPdf: deps.config.labels.maxPerRequest,
  };
}
