import { withBrandedStore } from './branded-store';
import { listAwaitingPickup, type PickupRow } from '@app/db';
import { endOfIstDay, istDay } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import {
  DocumentError,
  MAX_MANIFEST_SHIPMENTS,
  renderManifest,
  summarizeManifest,
  type ManifestShipment,
} from '../documents/index';
import { PackingRequestError } from './print-labels';

const UNASSIGNED = 'Courier not assigned';

function toManifestShipment(row: PickupRow): ManifestShipment & { courierName: string } {
  return {
    awb: row.awb,
    courierName: row.courierName ?? UNASSIGNED,
    orderNumber: row.orderNumber,
    consigneeCity: row.consigneeCity,
    consigneePincode: row.consigneePincode,
    weightGrams: row.weightGrams,
    payment: row.codAmountPaise > 0 ? { kind: 'cod', amountPaise: row.codAmountPaise } : { kind: 'prepaid' },
  };
}

/**
 * What the courier collects at pickup on `date` (IST): forward parcels booked by the end of that
 * day that have not been picked up yet, by courier. A parcel left over from an earlier day is
 * still waiting, so it is on today's sheet too. Throws PackingRequestError when there are more
 * than one manifest can list.
 */
async function awaitingPickup(deps: AppDeps, date: string): Promise<PickupRow[]> {
  const rows = await listAwaitingPickup(deps.db, {
    bookedBefore: endOfIstDay(date),
    limit: MAX_MANIFEST_SHIPMENTS + 1,
  });
  if (rows.length > MAX_MANIFEST_SHIPMENTS)
    throw new PackingRequestError(
      422,
      'MANIFEST_TOO_LONG',
      `More than ${MAX_MANIFEST_SHIPMENTS} parcels await pickup; one manifest lists at most ${MAX_MANIFEST_SHIPMENTS}.`,
    );
  return rows;
}

/** The "Today's pickup" view: every parcel with its label state, and the manifest's own totals. */
export async function pickupView(deps: AppDeps, input: { date?: string | undefined }) {
  const date = input.date ?? istDay(deps.clock.now());
  const rows = await awaitingPickup(deps, date);
  const summary = summarizeManifest(rows.map(toManifestShipment));
  return {
    date,
    shipments: rows.map((r) => ({
      shipmentId: r.shipmentId,
      orderId: r.orderId,
      orderNumber: r.orderNumber,
      awb: r.awb,
      courierName: r.courierName ?? UNASSIGNED,
      status: r.status,
      weightGrams: r.weightGrams,
      paymentMethod: r.codAmountPaise > 0 ? ('cod' as const) : ('prepaid' as const),
      codAmountPaise: r.codAmountPaise,
      consigneeCity: r.consigneeCity,
      consigneePincode: r.consigneePincode,
      bookedAt: r.bookedAt,
      labelPrintedAt: r.labelPrintedAt,
      labelPrinted: r.labelPrintedAt !== null,
    })),
    summary: {
      count: summary.count,
      weightGrams: summary.weightGrams,
      codCount: summary.codCount,
      codPaise: summary.codPaise,
      unprinted: rows.filter((r) => r.labelPrintedAt === null).length,
      couriers: summary.couriers.map((c) => ({
        courierName: c.courierName,
        count: c.count,
        weightGrams: c.weightGrams,
        codCount: c.codCount,
        codPaise: c.codPaise,
      })),
    },
  };
}

/** The pickup manifest PDF for `date` (IST): the same parcels and totals as pickupView. */
export async function manifestPdf(unbranded: AppDeps, input: { date?: string | undefined }): Promise<Uint8Array> {
  const deps = await withBrandedStore(unbranded);
  const date = input.date ?? istDay(deps.clock.now());
  const rows = await awaitingPickup(deps, date);
  const { store } = deps.config;
  try {
    return await renderManifest({
      storeName: store.name,
      pickupAddress: store.returnAddress,
      date,
      generatedAt: deps.clock.now(),
      shipments: rows.map(toManifestShipment),
    });
  } catch (err) {
    if (!(err instanceof DocumentError)) throw err;
    throw new PackingRequestError(422, 'MANIFEST_INVALID', err.message, { documentCode: err.code, issues: err.issues });
  }
}
