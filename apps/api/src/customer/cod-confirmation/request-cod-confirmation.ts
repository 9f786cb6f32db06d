import { insertHistory, markCodConfirmationsRequested, type DB, type PaymentMethod, type Transaction } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { isCoveredByCodPolicy } from '../../platform/config/cod-confirmation-policy';
import { COD_HISTORY_TEXT } from '../../outbox/messaging/cod-confirmation.messages';
import { enqueueCodConfirmationRequest } from '../../outbox/notifications/cod-confirmation-request';
import { currentCodPolicy } from './cod-policy.service';

const HOUR_MS = 3600_000;

export interface NewOrderForConfirmation {
  orderId: string;
  paymentMethod: PaymentMethod;
  codAmountPaise: number;
  pincode: string;
}

/**
 * The ids of the COD orders whose place returns too many COD parcels (the delivery memory's flag,
 * against the store's limit); asked only under the `risky` policy. Supplied by the intake, which
 * may read the shipping group's memory.
 */
export type RiskyCodOrders = (orders: readonly NewOrderForConfirmation[]) => Promise<ReadonlySet<string>>;

/**
 * Every intake calls this in the transaction that stores its new orders (REST, CSV, Shopify,
 * WooCommerce alike): the COD orders the policy covers become `pending` and their customer is asked
 * (WhatsApp with quick replies, email with the page's link) through the outbox, so the request
 * exists if and only if the order does, and goes out once. Returns how many orders were asked.
 */
export async function requestCodConfirmations(
  deps: AppDeps,
  tx: Transaction<DB>,
  orders: readonly NewOrderForConfirmation[],
  riskyOf?: RiskyCodOrders,
  /** The policy setting as the caller read it in this transaction already (currentCodPolicy's `known`). */
  knownPolicySetting?: { value: string | undefined },
): Promise<number> {
  const cod = orders.filter((o) => o.paymentMethod === 'cod');
  if (cod.length === 0) return 0;
  const { policy, hours } = await currentCodPolicy(deps, tx, knownPolicySetting);
  if (policy.kind === 'off') return 0;
  const risky = policy.kind === 'risky' && riskyOf ? await riskyOf(cod) : new Set<string>();
  const covered = cod.filter((o) => isCoveredByCodPolicy(policy, { ...o, risky: risky.has(o.orderId) }));
  if (covered.length === 0) return 0;
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + hours * HOUR_MS);
  const marked = new Set(
    await markCodConfirmationsRequested(
      tx,
      covered.map((o) => o.orderId),
      { requestedAt: now, expiresAt },
    ),
  );
  for (const order of covered) {
    if (!marked.has(order.orderId)) continue;
    const channels = await enqueueCodConfirmationRequest(deps, tx, {
      orderId: order.orderId,
      codAmountPaise: order.codAmountPaise,
      expiresAt,
    });
    await insertHistory(tx, {
      orderId: order.orderId,
      shipmentId: null,
      description: COD_HISTORY_TEXT.requested(channels.length > 0 ? channels.join(' and ') : 'no email or WhatsApp'),
      recordedAt: now,
      source: 'customer',
      applied: true,
    });
  }
  return marked.size;
}
