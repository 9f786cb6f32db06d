import { isICarryStateCode, type ICarryStateCode } from '../states';

/** What India Post's directory says about one pincode. Names as India Post writes them. Shared: read only. */
export interface PincodeEntry {
  readonly pincode: string;
  /** iCarry state codes; a few pincodes straddle a border (Chandigarh and Punjab). */
  readonly states: readonly ICarryStateCode[];
  readonly districts: readonly string[];
  /** Sub-districts (taluks, tehsils): often the town a customer writes as the city. */
  readonly subDistricts: readonly string[];
  readonly offices: readonly string[];
}

/** Looked-up entries kept parsed (a store ships to the same pincodes again and again); cleared when full. */
const ENTRIES_KEPT = 5_000;

export interface PincodeDirectory {
  lookup(pincode: string): PincodeEntry | undefined;
  readonly size: number;
  readonly sources: readonly string[];
}

const PINCODE = /^[1-9]\d{5}$/;

/**
 * Reads the compact rows (`pincode|states|districts|sub-districts|offices`, one pincode a line) into
 * a directory. Only the index is built up front; a line is split when its pincode is looked up.
 */
export function parsePincodeDirectory(rows: string, sources: readonly string[] = []): PincodeDirectory {
  const lines = new Map<string, string>();
  let start = 0;
  while (start < rows.length) {
    let end = rows.indexOf('\n', start);
    if (end === -1) end = rows.length;
    const line = rows.slice(start, end);
    const pincode = line.slice(0, 6);
    if (PINCODE.test(pincode) && line[6] === '|') lines.set(pincode, line);
    start = end + 1;
  }
  const names = (field: string | undefined) => Object.freeze(field ? field.split(';').filter((n) => n !== '') : []);
  const parsed = new Map<string, PincodeEntry>();
  return {
    size: lines.size,
    sources,
    lookup(pincode) {
      const key = pincode.trim();
      const known = parsed.get(key);
      if (known !== undefined) return known;
      const line = lines.get(key);
      if (line === undefined) return undefined;
      const [, states, districts, subDistricts, offices] = line.split('|');
      const entry: PincodeEntry = Object.freeze({
        pincode: key,
        states: Object.freeze((states ?? '').split(',').filter(isICarryStateCode)),
        districts: names(districts),
        subDistricts: names(subDistricts),
        offices: names(offices),
      });
      if (parsed.size >= ENTRIES_KEPT) parsed.clear();
      parsed.set(key, entry);
      return entry;
    },
  };
}

let loading: Promise<PincodeDirectory> | undefined;

/**
 * The directory shipped with the product (scripts/refresh-pincodes.ts builds it), loaded on first use
 * and kept for the life of the process: about 2.3 MB of text, a separate chunk in the server bundle.
 */
export function loadPincodeDirectory(): Promise<PincodeDirectory> {
  loading ??= import('./pincode-directory.data').then((data) =>
    parsePincodeDirectory(data.PINCODE_DIRECTORY_ROWS, data.PINCODE_DIRECTORY_SOURCES),
  );
  return loading;
}
