/**
 * Which COD orders the customer is asked to confirm before booking (DESIGN "Talking to the customer
 * before the courier"): `off` (the default), `all`, or `above:<rupees>` (orders whose cash to
 * collect is more than that). Written as the COD_CONFIRMATION variable and as the admin's setting
 * (which wins); this module reads and writes the text form, nothing else.
 *
 * The admin's setting may also be `risky`: only COD orders to a place whose COD parcels come back
 * more often than the store's limit (the delivery memory's risky-COD flag). The variable keeps the
 * contract's three forms; `risky` needs the store's own history, so it is chosen in the admin.
 */
export type CodConfirmationPolicy =
  { kind: 'off' } | { kind: 'all' } | { kind: 'above'; paise: number } | { kind: 'risky' };

/** Up to 10 crore rupees, whole or to the paisa. */
const ABOVE = /^above:(\d{1,9})(?:\.(\d{1,2}))?$/;

export function parseCodConfirmationPolicy(
  text: string,
  options: { admin?: boolean } = {},
): CodConfirmationPolicy | null {
  const value = text.trim().toLowerCase();
  if (value === 'off') return { kind: 'off' };
  if (value === 'risky' && options.admin === true) return { kind: 'risky' };
  if (value === 'all') return { kind: 'all' };
  const match = ABOVE.exec(value);
  if (!match) return null;
  const paise = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return { kind: 'above', paise };
}

export function formatCodConfirmationPolicy(policy: CodConfirmationPolicy): string {
  if (policy.kind !== 'above') return policy.kind;
  const rupees = Math.floor(policy.paise / 100);
  const rest = policy.paise % 100;
  return `above:${rupees}${rest === 0 ? '' : `.${String(rest).padStart(2, '0')}`}`;
}

/**
 * Whether an order with this payment and cash to collect (paise) is one the policy covers; `risky`
 * says whether its place returns too many COD parcels (only the `risky` policy reads it).
 */
export function isCoveredByCodPolicy(
  policy: CodConfirmationPolicy,
  order: { paymentMethod: 'cod' | 'prepaid'; codAmountPaise: number; risky?: boolean | undefined },
): boolean {
  if (order.paymentMethod !== 'cod') return false;
  if (policy.kind === 'off') return false;
  if (policy.kind === 'all') return true;
  if (policy.kind === 'risky') return order.risky === true;
  return order.codAmountPaise > policy.paise;
}
