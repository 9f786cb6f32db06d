/**
 * @app/shipping/address: the address check (India Post's pincode directory and simple rules). A
 * separate entry so the 2.3 MB directory never reaches a bundle that does not ask for it; it is
 * loaded on first use by `loadPincodeDirectory()`.
 */
export {
  ADDRESS_PROBLEM_CODES,
  ADDRESS_CHECK_STATES,
  ADDRESS_PROBLEM_SEVERITY,
  ADDRESS_MIN_CHARS,
  checkAddress,
} from './check-address';
export type {
  AddressProblemCode,
  AddressCheckState,
  AddressProblem,
  AddressCheck,
  CheckableAddress,
} from './check-address';
export { loadPincodeDirectory, parsePincodeDirectory } from './pincode-directory';
export type { PincodeDirectory, PincodeEntry } from './pincode-directory';
export { cityMatches, placeKey } from './place-names';
