import type { ShippingAddress, StoredAddressCheck } from '@app/db';
import {
  checkAddress,
  loadPincodeDirectory,
  type CheckableAddress,
  type PincodeDirectory,
} from '@app/shipping/address';

export type { PincodeDirectory };

/** India Post's pincode directory, loaded on first use and kept (see @app/shipping/address). */
export function pincodeDirectory(): Promise<PincodeDirectory> {
  return loadPincodeDirectory();
}

/** Intake folds the landmark into line 2 ("..., Landmark: Near Shiv Mandir"); the check reads it apart. */
const LANDMARK = /(?:^|,\s*)Landmark:\s*(.*)$/;

/** The stored address in the check's terms. */
export function toCheckableAddress(address: Omit<ShippingAddress, 'name'>): CheckableAddress {
  const line2 = address.line2 ?? '';
  const landmark = LANDMARK.exec(line2);
  return {
    line1: address.line1,
    line2: landmark ? line2.slice(0, landmark.index) : line2,
    landmark: landmark?.[1] ?? null,
    city: address.city,
    state: address.state,
    pincode: address.pincode,
  };
}

/**
 * The address check of an order's address (contract: DESIGN "Address check"), as it is stored on the
 * order and shown to the admin. Run on intake and whenever the address changes.
 */
export function checkOrderAddress(
  address: Omit<ShippingAddress, 'name'> | CheckableAddress,
  directory: PincodeDirectory,
): StoredAddressCheck {
  const checkable: CheckableAddress =
    'landmark' in address ? address : toCheckableAddress(address as Omit<ShippingAddress, 'name'>);
  return checkAddress(checkable, directory);
}
