/**
 * What an admin's search box text can mean. One box serves four lookups; the shape of the text
 * decides which apply, so a digits-only term is tried as an order number, a phone and an AWB at once,
 * while a name never pays for exact-match lookups it cannot satisfy.
 */
export interface OrderSearch {
  /** Upper-cased candidates compared with `upper(order_number)`. */
  orderNumbers: string[];
  /** Upper-cased candidates compared with `upper(orders.external_id)` (a store's or channel's own id). */
  externalIds: string[];
  /** 10-digit Indian mobile, compared with customers.phone and orders.contact_phone. */
  phone: string | null;
  /** Candidates compared exactly with shipments.awb. */
  awbs: string[];
  /** Lower-cased LIKE pattern (escaped, with the trailing %) for `lower(customers.name)`. */
  namePattern: string | null;
}

const MAX_TERM_LENGTH = 100;
const MAX_IDENTIFIER_LENGTH = 64;

/** "+91 98450 12345", "098450-12345", "9845012345" -> "9845012345"; null when it is not a mobile. */
export function normalizeMobile(input: string): string | null {
  let digits = input.replace(/[\s\-().]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  if (!/^\d+$/.test(digits)) return null;
  if (digits.length === 12 && digits.startsWith('91')) digits = digits.slice(2);
  else if (digits.length === 11 && digits.startsWith('0')) digits = digits.slice(1);
  return /^[6-9]\d{9}$/.test(digits) ? digits : null;
}

/** Returns undefined when the term is blank, so callers skip the filter entirely. */
export function parseOrderSearch(raw: string, orderNumberPrefix: string): OrderSearch | undefined {
  const term = raw.trim().replace(/\s+/g, ' ').slice(0, MAX_TERM_LENGTH);
  if (term === '') return undefined;
  const compact = term.replace(/\s/g, '');
  const hasDigit = /\d/.test(term);
  const hasLetter = /\p{L}/u.test(term);

  const orderNumbers = new Set<string>();
  const upper = compact.toUpperCase();
  const prefix = orderNumberPrefix.toUpperCase();
  if (/^\d{1,15}$/.test(compact)) {
    orderNumbers.add(`${prefix}${compact}`);
    orderNumbers.add(compact);
    // A storefront's "#1001" typed without its hash.
    orderNumbers.add(`#${compact}`);
  } else if (/^[A-Z]{1,6}-?\d{1,15}$/.test(upper)) {
    orderNumbers.add(upper);
    // "fb10001" typed without the dash still finds "FB-10001".
    const match = /^([A-Z]+)-?(\d+)$/.exec(upper);
    if (match) orderNumbers.add(`${match[1] ?? ''}-${match[2] ?? ''}`);
  }
  // Any other identifier with a digit, in whatever format the store uses ("#1001", "SR/88421-A",
  // "AC3K9ZQ-2"): matched exactly (case aside) against order numbers and external ids.
  const externalIds = new Set<string>();
  if (hasDigit && compact.length <= MAX_IDENTIFIER_LENGTH && !/\s/.test(term)) {
    orderNumbers.add(upper);
    externalIds.add(upper);
  }

  const awbs = new Set<string>();
  if (hasDigit && /^[A-Za-z0-9-]{6,40}$/.test(compact)) {
    awbs.add(compact);
    awbs.add(upper);
  }

  // Names carry no digits; a term with digits is an identifier of some kind.
  const namePattern = hasLetter && !hasDigit ? `${escapeLike(term.toLowerCase())}%` : null;

  return {
    orderNumbers: [...orderNumbers],
    externalIds: [...externalIds],
    phone: hasDigit ? normalizeMobile(term) : null,
    awbs: [...awbs],
    namePattern,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
