import type { DB, Message } from '@app/db';
import { describeNdr, normalizeIndianMobile, type CustomerMilestone } from '@app/shipping';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../deps';
import { JOBS } from '../jobs/queue';
import { milestoneEmail, milestoneWhatsAppParams, ndrAlertEmail } from '../messaging/templates';
import { trackingLink, trackingToken } from '../security/tokens';

const STORE_NAME = 'our store';

type MessageInsert = {
  orderId: string;
  channel: 'email' | 'whatsapp';
  audience: 'customer' | 'admin';
  template: string;
  recipient: string;
  subject: string | null;
  body: string;
  params: Record<string, unknown>;
  dedupeKey: string;
};

/**
 * Inserts the message unless its dedupe key exists, and queues its delivery, both in `tx`.
 * Returns the message id when it was new.
 */
async function enqueueMessage(deps: AppDeps, tx: Kysely<DB>, m: MessageInsert): Promise<string | null> {
  const row = await tx
    .insertInto('messages')
    .values({
      order_id: m.orderId,
      channel: m.channel,
      audience: m.audience,
      template: m.template,
      recipient: m.recipient,
      subject: m.subject,
      body: m.body,
      params: JSON.stringify(m.params),
      dedupe_key: m.dedupeKey,
      created_at: deps.clock.now(),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  await deps.queue.send(tx, JOBS.deliverMessage, { messageId: row.id }, { singletonKey: `message:${row.id}` });
  return row.id;
}

/**
 * Queues the customer's messages for a milestone, once per (order, milestone, channel) forever:
 * retries, duplicate pushes and replays all hit the same unique key.
 */
export async function enqueueCustomerMilestone(
  deps: AppDeps,
  tx: Kysely<DB>,
  orderId: string,
  milestone: CustomerMilestone,
): Promise<number> {
  const order = await tx
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .leftJoin('shipments as s', (join) => join.onRef('s.order_id', '=', 'o.id').on('s.booking_state', '=', 'booked'))
    .select([
      'o.id',
      'o.order_number',
      'o.contact_email',
      'o.contact_phone',
      'c.name',
      'c.email',
      'c.whatsapp_opt_in',
      's.awb',
      's.courier_name',
    ])
    .where('o.id', '=', orderId)
    .executeTakeFirst();
  if (!order) return 0;
  const { publicUrl } = deps.config;
  const link = trackingLink(publicUrl, deps.secrets.appSecret, order.order_number);
  const context = {
    customerName: order.name,
    orderNumber: order.order_number,
    courierName: order.courier_name,
    awb: order.awb,
    trackingLink: link,
    storeName: STORE_NAME,
  };
  let queued = 0;
  const email = order.contact_email ?? order.email;
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
    mobile = order.whatsapp_opt_in ? normalizeIndianMobile(order.contact_phone) : null;
  } catch {
    deps.logger.warn({ orderId }, '[MESSAGE] contact phone is not a valid Indian mobile: no WhatsApp message');
  }
  if (mobile) {
    const suffix = `${encodeURIComponent(order.order_number)}?t=${trackingToken(deps.secrets.appSecret, order.order_number)}`;
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

/** One admin email per NDR event (shipment, code, date). */
export async function enqueueNdrAlert(
  deps: AppDeps,
  tx: Kysely<DB>,
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
  return id !== null;
}

export function publicMessageView(m: Message) {
  return {
    id: m.id,
    channel: m.channel,
    audience: m.audience,
    template: m.template,
    status: m.status,
    attempts: m.attempts,
    lastError: m.last_error,
    createdAt: m.created_at,
    sentAt: m.sent_at,
  };
}
