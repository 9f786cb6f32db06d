import { findMilestoneContext, insertMessage, type DB, type NewMessage, type Transaction } from '@app/db';
import { describeNdr, normalizeIndianMobile, type CustomerMilestone } from '@app/shipping';
import type { AppDeps } from '../deps';
import { JOBS } from '../jobs/queue';
import { milestoneEmail, milestoneWhatsAppParams, ndrAlertEmail } from '../messaging/templates';
import { trackingLink, trackingToken } from '../security/tokens';

const STORE_NAME = 'our store';

/** Writes the message unless its dedupe key exists, and queues its delivery, both in `tx`. Returns the id when new. */
async function enqueueMessage(
  deps: AppDeps,
  tx: Transaction<DB>,
  message: Omit<NewMessage, 'now'>,
): Promise<string | undefined> {
  const id = await insertMessage(tx, { ...message, now: deps.clock.now() });
  if (id) await deps.queue.send(tx, JOBS.deliverMessage, { messageId: id }, { singletonKey: `message:${id}` });
  return id;
}

/**
 * Queues the customer's messages for a milestone, once per (order, milestone, channel) forever:
 * retries, duplicate pushes and replays all hit the same unique key.
 */
export async function enqueueCustomerMilestone(
  deps: AppDeps,
  tx: Transaction<DB>,
  orderId: string,
  milestone: CustomerMilestone,
): Promise<number> {
  const order = await findMilestoneContext(tx, orderId);
  if (!order) return 0;
  const link = trackingLink(deps.config.publicUrl, deps.secrets.appSecret, order.orderNumber);
  const context = {
    customerName: order.customerName,
    orderNumber: order.orderNumber,
    courierName: order.courierName,
    awb: order.awb,
    trackingLink: link,
    storeName: STORE_NAME,
  };
  let queued = 0;
  const email = order.contactEmail ?? order.customerEmail;
  if (email) {
    const content = milestoneEmail(milestone, context);
    const id = await enqueueMessage(deps, tx, {
      orderId,
      channel: 'email',
      audience: 'customer',
      template: milestone,
      recipient: email,
      subject: content.subject,
      body: content.text,
      params: {},
      dedupeKey: `order:${orderId}:${milestone}:email`,
    });
    if (id) queued++;
  }
  let mobile: string | null = null;
  try {
    mobile = order.whatsappOptIn ? normalizeIndianMobile(order.contactPhone) : null;
  } catch {
    deps.logger.warn({ orderId }, '[MESSAGE] contact phone is not a valid Indian mobile: no WhatsApp message');
  }
  if (mobile) {
    const suffix = `${encodeURIComponent(order.orderNumber)}?t=${trackingToken(deps.secrets.appSecret, order.orderNumber)}`;
    const params = milestoneWhatsAppParams(milestone, context, suffix);
    const id = await enqueueMessage(deps, tx, {
      orderId,
      channel: 'whatsapp',
      audience: 'customer',
      template: milestone,
      recipient: `+91${mobile}`,
      subject: null,
      body: `${params.template.name}: ${params.body.join(' | ')}`,
      params,
      dedupeKey: `order:${orderId}:${milestone}:whatsapp`,
    });
    if (id) queued++;
  }
  return queued;
}

/** An email to the store's admin through the outbox, once per `dedupeKey` ever (digests, reports). */
export async function enqueueAdminEmail(
  deps: AppDeps,
  tx: Transaction<DB>,
  email: { template: string; subject: string; body: string; dedupeKey: string; orderId?: string | null },
): Promise<boolean> {
  const id = await enqueueMessage(deps, tx, {
    orderId: email.orderId ?? null,
    channel: 'email',
    audience: 'admin',
    template: email.template,
    recipient: deps.config.mail.adminAlertsTo,
    subject: email.subject,
    body: email.body,
    params: {},
    dedupeKey: email.dedupeKey,
  });
  return id !== undefined;
}

/** One admin email per NDR event (shipment, code, date). */
export async function enqueueNdrAlert(
  deps: AppDeps,
  tx: Transaction<DB>,
  input: {
    orderId: string;
    orderNumber: string;
    awb: string | null;
    courierName: string | null;
    code: string;
    date: string | null;
    eventKey: string;
  },
): Promise<boolean> {
  const reason = describeNdr(input.code).adminText;
  const content = ndrAlertEmail({
    ...input,
    reason,
    adminLink: `${deps.config.publicUrl}/admin/orders/${input.orderId}`,
  });
  const id = await enqueueMessage(deps, tx, {
    orderId: input.orderId,
    channel: 'email',
    audience: 'admin',
    template: 'ndr_alert',
    recipient: deps.config.mail.adminAlertsTo,
    subject: content.subject,
    body: content.text,
    params: { code: input.code },
    dedupeKey: `ndr-alert:${input.eventKey}`,
  });
  return id !== undefined;
}

/** One admin email per key (an endpoint's failing spell, a channel problem), through the outbox. */
export async function enqueueAdminAlert(
  deps: AppDeps,
  tx: Transaction<DB>,
  input: { template: string; subject: string; body: string; dedupeKey: string },
): Promise<boolean> {
  const id = await enqueueMessage(deps, tx, {
    orderId: null,
    channel: 'email',
    audience: 'admin',
    template: input.template,
    recipient: deps.config.mail.adminAlertsTo,
    subject: input.subject,
    body: input.body,
    params: {},
    dedupeKey: input.dedupeKey,
  });
  return id !== undefined;
}
