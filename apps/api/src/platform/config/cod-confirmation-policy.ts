/**
 * Which COD orders the customer is asked to confirm before booking (DESIGN "Talking to the customer
 * before the courier"): `off` (the default), `all`, or `above:<rupees>` (orders whose cash to
 * collect is more than that). Written as the COD_CONFIRMATION variable and as the admin's setting
 * (which wins); this module reads and writes the text form, nothing else.
 */
export type CodConfirmationPolicy = { kind: 'off' } | { kind: 'all' } | { kind: 'above'; paise: number };

/** Up to 10 crore rupees, whole or to the paisa. */
const ABOVE = /^above:(\d{1,9})(?:\.(\d{1,2}))?$/;

export function parseCodConfirmationPolicy(text: string): CodConfirmationPolicy | null {
  const value = text.trim().toLowerCase();
  if (value === 'off') return { kind: 'off' };
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

/** Whether an order with this payment and cash to collect (paise) is one the policy covers. */
export function isCoveredByCodPolicy(
  policy: CodConfirmationPolicy,
  order: { paymentMethod: 'cod' | 'prepaid'; codAmountPaise: number },
): boolean {
  if (order.paymentMethod !== 'cod') return false;
  if (policy.kind === 'off') return false;
  if (policy.kind === 'all') return true;
  return order.codAmountPaise > policy.paise;
}
