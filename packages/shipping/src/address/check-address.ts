import { ICARRY_STATE_CODES, findICarryStateCode, type ICarryStateCode } from '../states';
import type { PincodeDirectory } from './pincode-directory';
import { cityMatches } from './place-names';

/** The problems the check can find (contract: DESIGN.md "Address check"). */
export const ADDRESS_PROBLEM_CODES = [
  'PINCODE_UNKNOWN',
  'PINCODE_STATE_MISMATCH',
  'PINCODE_CITY_MISMATCH',
  'ADDRESS_TOO_SHORT',
  'ADDRESS_NO_HOUSE_NUMBER',
] as const;
export type AddressProblemCode = (typeof ADDRESS_PROBLEM_CODES)[number];

export const ADDRESS_CHECK_STATES = ['ok', 'warning', 'error'] as const;
export type AddressCheckState = (typeof ADDRESS_CHECK_STATES)[number];

/**
 * How bad each problem is. An error means the parcel is likely to go astray as written (the pincode
 * does not exist, or it is in another state, or there is hardly an address); a warning is worth a
 * look (city names are written many ways; villages often have no house number).
 */
export const ADDRESS_PROBLEM_SEVERITY = {
  PINCODE_UNKNOWN: 'error',
  PINCODE_STATE_MISMATCH: 'error',
  PINCODE_CITY_MISMATCH: 'warning',
  ADDRESS_TOO_SHORT: 'error',
  ADDRESS_NO_HOUSE_NUMBER: 'warning',
} as const satisfies Record<AddressProblemCode, Exclude<AddressCheckState, 'ok'>>;

export interface AddressProblem {
  code: AddressProblemCode;
  /** For the admin, in English: what is wrong and what the directory says. */
  message: string;
}

export interface AddressCheck {
  state: AddressCheckState;
  problems: AddressProblem[];
}

export interface CheckableAddress {
  line1: string;
  line2?: string | null;
  landmark?: string | null;
  city: string;
  state: string;
  pincode: string;
}

/** Fewer letters and digits than this in the address lines cannot lead a courier to a door. */
export const ADDRESS_MIN_CHARS = 8;

// Built from strings, not a regex literal: esbuild writes string literals as ASCII escapes but keeps a
// regex's Devanagari as it is, which made the whole server bundle a two-byte string in memory (2 MB
// for 1 MB of source; issue 26).
/** Words that name a unit without a number ("Flat B", "Villa Rosa"): not flagged as missing a number. */
const UNIT_WORD = new RegExp(
  `(^|[^\\p{L}])(flat|house|h\\s*no|plot|door|villa|bungalow|quarters?|qtrs?|room|shop|wing|tower|block|floor|${['मकान', 'फ्लैट', 'प्लॉट', 'कमरा', 'दुकान'].join('|')})($|[^\\p{L}])`,
  'iu',
);

/** States the directory may name differently from an address written today. */
function sameState(written: ICarryStateCode, pincodeStates: readonly ICarryStateCode[], pincode: string): boolean {
  if (pincodeStates.includes(written)) return true;
  // Ladakh became a UT in 2019; India Post's files still put Leh and Kargil (194xxx) in J&K.
  if (pincode.startsWith('194') && (written === 'LA' || written === 'JA')) {
    return pincodeStates.includes('JA') || pincodeStates.includes('LA');
  }
  // Dadra and Nagar Haveli and Daman and Diu are one UT since 2020.
  if ((written === 'DA' || written === 'DM') && (pincodeStates.includes('DA') || pincodeStates.includes('DM'))) {
    return true;
  }
  return false;
}

function describePlace(districts: readonly string[], states: readonly ICarryStateCode[]): string {
  const stateNames = states.map((s) => ICARRY_STATE_CODES[s]).join(' / ');
  const district = districts[0];
  return district ? `${district}, ${stateNames}` : stateNames;
}

function clip(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

/**
 * Checks an Indian delivery address against India Post's pincode directory and a few simple rules.
 * Pure: the same address and directory give the same answer. `state` is the worst problem's
 * severity ('ok' with no problems).
 */
export function checkAddress(address: CheckableAddress, directory: PincodeDirectory): AddressCheck {
  const problems: AddressProblem[] = [];
  const pincode = address.pincode.trim();
  const entry = /^[1-9]\d{5}$/.test(pincode) ? directory.lookup(pincode) : undefined;

  if (!entry) {
    problems.push({
      code: 'PINCODE_UNKNOWN',
      message: /^[1-9]\d{5}$/.test(pincode)
        ? `Pincode ${pincode} is not in India Post's pincode directory`
        : `"${clip(pincode)}" is not a 6-digit Indian pincode`,
    });
  } else {
    const written = findICarryStateCode(address.state, { pincode });
    const stateOk = written !== null && sameState(written, entry.states, pincode);
    if (!stateOk) {
      problems.push({
        code: 'PINCODE_STATE_MISMATCH',
        message:
          written === null
            ? `"${clip(address.state)}" is not an Indian state; pincode ${pincode} is in ${describePlace(entry.districts, entry.states)}`
            : `Pincode ${pincode} is in ${describePlace(entry.districts, entry.states)}, not ${ICARRY_STATE_CODES[written]}`,
      });
    }
    const place = {
      names: [...entry.districts, ...entry.subDistricts, ...entry.offices],
      districts: [...entry.districts, ...entry.subDistricts],
      states: entry.states,
    };
    // A city that is only the state's name ("Goa", "Delhi") is checked as a city too.
    if (stateOk && !cityMatches(address.city, place)) {
      problems.push({
        code: 'PINCODE_CITY_MISMATCH',
        message: `City "${clip(address.city)}" does not match pincode ${pincode} (${describePlace(
          [...entry.districts, ...entry.subDistricts.filter((s) => !entry.districts.includes(s))].slice(0, 2),
          entry.states,
        )})`,
      });
    }
  }

  const lines = [address.line1, address.line2 ?? ''].join(' ');
  const chars = (lines.match(/[\p{L}\p{N}\p{M}]/gu) ?? []).length;
  const words = lines.split(/[\s,;/.-]+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (chars < ADDRESS_MIN_CHARS || words < 2) {
    problems.push({
      code: 'ADDRESS_TOO_SHORT',
      message: `The address "${clip(lines)}" is too short for a courier to find the door`,
    });
  } else {
    // The pincode written into the lines is not a house number.
    const withoutPincode = lines.split(pincode).join(' ');
    if (!/\p{Nd}/u.test(withoutPincode) && !UNIT_WORD.test(withoutPincode)) {
      problems.push({
        code: 'ADDRESS_NO_HOUSE_NUMBER',
        message: 'The address has no house, flat or plot number',
      });
    }
  }

  const severities = problems.map((p) => ADDRESS_PROBLEM_SEVERITY[p.code]);
  const state: AddressCheckState = severities.includes('error')
    ? 'error'
    : severities.includes('warning')
      ? 'warning'
      : 'ok';
  return { state, problems };
}
