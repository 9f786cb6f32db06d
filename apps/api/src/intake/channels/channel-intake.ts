import { intakeTotalPaise, type Channel, type IntakeOrder } from '@app/db';
import { orderInputSchema, toFieldIssues, toIntakeOrder } from '../orders/order-input.schema';
import type { PincodeDirectory } from '../../platform/address/address-check';
import { CHANNEL_LABEL, type ChannelOrder } from './channel-order';
import { consentStatement, type ConsentPolicy } from './channel-consent';

/**
 * A channel's order as every intake hands it to the repository: validated by the one order-input
 * schema (so a COD order with nothing to collect is refused here as it is on REST and CSV), with
 * the channel's tax, version, number and consent statement. Pure: the money property tests drive it.
 */
export function toChannelIntake(
  channel: Channel,
  order: Extract<ChannelOrder, { kind: 'upsert' }>,
  consentPolicy: ConsentPolicy,
  directory?: PincodeDirectory,
): { intake: IntakeOrder } | { rejected: string } {
  const parsed = orderInputSchema.safeParse(order.input);
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error)
      .map((i) => `${i.path || 'order'} ${i.message}`)
      .join('; ');
    return { rejected: `not imported: ${issues}` };
  }
  const intake: IntakeOrder = toIntakeOrder(parsed.data, channel, `Received from ${CHANNEL_LABEL[channel]}`, directory);
  intake.taxPaise = order.taxPaise;
  intake.sourceUpdatedAt = order.version;
  // The store's own number stays findable even when another order holds it as ours.
  intake.storeOrderNumber = intake.orderNumber;
  intake.customer = { ...intake.customer, whatsappOptIn: consentStatement(consentPolicy, order.consent) };
  // null = collect the total: the form the change check compares, so a repeat is no change.
  if (intake.codAmountPaise === intakeTotalPaise(intake)) intake.codAmountPaise = null;
  return { intake };
}
