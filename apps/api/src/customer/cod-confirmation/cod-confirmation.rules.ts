import type { CodConfirmationRecord, CodConfirmationState } from '@app/db';

/**
 * The rules of a COD confirmation, decided here once: which states stop a booking, what the admin
 * reads for each state, and what the customer may still do.
 */

/** States that stop `orders.ship` and bulk ship unless the admin overrides (contract). */
const BLOCKING: readonly CodConfirmationState[] = ['pending', 'declined', 'expired'];

export function blocksShipping(state: CodConfirmationState): boolean {
  return BLOCKING.includes(state);
}

export const COD_CONFIRMATION_LABEL: Record<CodConfirmationState, string> = {
  not_needed: 'Not needed',
  pending: 'Waiting for the customer',
  confirmed: 'Confirmed by the customer',
  declined: 'Cancelled by the customer',
  expired: 'No answer (expired)',
};

/** Why a booking stops, in the admin's words; null when the confirmation does not stop it. */
export function codBlockedReason(state: CodConfirmationState): string | null {
  switch (state) {
    case 'pending':
      return 'The customer has not confirmed this cash-on-delivery order yet.';
    case 'declined':
      return 'The customer cancelled this cash-on-delivery order when asked to confirm it.';
    case 'expired':
      return 'The customer did not confirm this cash-on-delivery order in time.';
    default:
      return null;
  }
}

/** What the admin's views carry about the confirmation: the state with the flags the web renders. */
export function codConfirmationView(record: CodConfirmationRecord) {
  return {
    state: record.state,
    label: COD_CONFIRMATION_LABEL[record.state],
    requestedAt: record.requestedAt,
    expiresAt: record.expiresAt,
    answeredAt: record.answeredAt,
    via: record.via,
    /** Booking needs `confirmOverride: true` (the Order Details override button). */
    needsOverride: blocksShipping(record.state),
    blockedReason: codBlockedReason(record.state),
    overriddenAt: record.overrideAt,
  };
}

/** The list's badge text, short enough for a phone's card; null = no badge (never asked). */
const COD_CONFIRMATION_SHORT: Record<CodConfirmationState, string | null> = {
  not_needed: null,
  pending: 'Unconfirmed',
  confirmed: 'Confirmed',
  declined: 'Cancelled',
  expired: 'No answer',
};

/** The Processing list's badge: the state, its words (short and long), and whether it stops a booking. */
export function codConfirmationBadge(state: CodConfirmationState) {
  return {
    state,
    label: COD_CONFIRMATION_LABEL[state],
    short: COD_CONFIRMATION_SHORT[state],
    blocksShipping: blocksShipping(state),
  };
}
