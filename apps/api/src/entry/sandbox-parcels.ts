import { listBookedForwardParcels, type BookedParcel, type DbExecutor } from '@app/db';
import { findICarryStateCode } from '@app/shipping';
import type { Sandbox, SandboxAddress, SandboxAdoptedShipment, SandboxShipment } from '@app/shipping/sandbox';
import { renderLabels, type LabelData } from '../shipping/documents/index';

/** The parcel as the sandbox keeps it: iCarry's state code, a 10-digit mobile, what it carries. */
function toAdopted(parcel: BookedParcel): SandboxAdoptedShipment {
  const { address } = parcel;
  const cod = parcel.paymentMethod === 'cod';
  return {
    shipmentId: parcel.providerShipmentId,
    awb: parcel.awb,
    courierId: parcel.courierId,
    courierName: parcel.courierName,
    clientOrderId: parcel.clientRef,
    mode: parcel.mode,
    status: Number(parcel.carrierStatusCode ?? 1) || 1,
    consignee: {
      name: address.name,
      mobile: parcel.contactPhone.replace(/\D/g, '').slice(-10),
      address: [address.line1, address.line2].filter(Boolean).join(', '),
      city: address.city,
      state: findICarryStateCode(address.state, { pincode: address.pincode }) ?? address.state,
      pincode: address.pincode,
    },
    parcel: {
      type: cod ? 'COD' : 'Prepaid',
      valuePaise: cod ? parcel.codAmountPaise : parcel.totalPaise,
      weightGrams: parcel.weightGrams,
      lengthCm: parcel.lengthCm,
      breadthCm: parcel.breadthCm,
      heightCm: parcel.heightCm,
      contents: 'Order items',
      items: [],
    },
    createdAt: parcel.bookedAt.toISOString(),
    updatedAt: (parcel.lastEventAt ?? parcel.bookedAt).toISOString(),
  };
}

/**
 * How many of the database's newest booked parcels the sandbox takes in at start. The sandbox keeps
 * every parcel in memory and in one JSON state file: on the bench's 1,000,000 orders, taking in all
 * 951,987 held the start for about a minute, put them all on the heap, and then failed to write the
 * state file (RangeError: Invalid string length), so `npm start` in sandbox mode could not run there.
 */
export const SANDBOX_ADOPT_LIMIT = 1000;

/**
 * Sandbox mode: the parcels the database says iCarry booked (the demo data, or ones booked before
 * the sandbox's state file was lost), the newest SANDBOX_ADOPT_LIMIT of them, are made known to the
 * sandbox, so returns, labels and status changes work on them as on the sandbox's own. Returns how
 * many it took in.
 */
export async function shareParcelsWithSandbox(db: DbExecutor, sandbox: Sandbox): Promise<number> {
  return sandbox.control.adoptShipments((await listBookedForwardParcels(db, SANDBOX_ADOPT_LIMIT)).map(toAdopted));
}

function labelAddress(address: SandboxAddress) {
  return {
    name: address.name,
    addressLines: [address.address],
    city: address.city,
    state: address.state,
    pincode: address.pincode,
    phone: address.mobile,
  };
}

/**
 * The sandbox's label PDF drawn by the product's own courier-label renderer (the one it prints when
 * iCarry gives none): the AWB as a Code 128 barcode, addresses wrapped to fit, COD or PREPAID, the
 * weight and box, the return address. `storeName` is the shipper the courier label names.
 */
export function sandboxLabelRenderer(storeName: string) {
  return async (
    shipment: SandboxShipment,
    options: { paper: '4x6' | 'A4'; returnTo: SandboxAddress },
  ): Promise<Uint8Array> => {
    const { parcel } = shipment;
    const isReturn = shipment.direction === 'reverse';
    const label: LabelData = {
      awb: shipment.awb ?? '',
      courierName: shipment.courierName ?? 'iCarry',
      consignee: labelAddress(shipment.consignee),
      payment:
        !isReturn && parcel.type === 'COD' ? { kind: 'cod', amountPaise: parcel.valuePaise } : { kind: 'prepaid' },
      weightGrams: parcel.weightGrams,
      box: { lengthCm: parcel.lengthCm, breadthCm: parcel.breadthCm, heightCm: parcel.heightCm },
      orderNumber: shipment.clientOrderId ?? shipment.shipmentId,
      itemCount: Math.max(
        1,
        parcel.items.reduce((sum, item) => sum + item.quantity, 0),
      ),
      contents: parcel.contents,
      returnAddress: labelAddress(options.returnTo),
      storeName,
      bookedAt: new Date(shipment.createdAt),
    };
    return renderLabels([label], { paper: options.paper === 'A4' ? 'a4' : '4x6' });
  };
}
