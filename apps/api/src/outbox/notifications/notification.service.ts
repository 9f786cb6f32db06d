import {
  findMilestoneContext,
  findMilestoneContexts,
  insertMessage,
  insertMessages,
  type DB,
  type MilestoneContext,
  type NewMessage,
  type Transaction,
} from '@app/db';
import {
  describeNdr,
  mapStrings,
  normalizeIndianMobile,
  printableLine,
  printableText,
  type CustomerMilestone,
} from '@app/shipping';
import { ndrCustomerText } from '@app/shipping/i18n';
import { getBranding } from '../../platform/branding/branding.service';
import type { AppDeps } from '../../platform/core/deps';
import { JOBS } from '../../platform/core/job-queue';
import {
  milestoneEmail,
  milestoneWhatsAppParams,
  ndrAlertEmail,
  ndrCustomerEmail,
  ndrResponseAlertEmail,
  ndrWhatsAppParams,
  NDR_WHATSAPP_TEMPLATES,
} from '../messaging/message.templates';
import { ndrReplyPayload } from './ndr-reply-payload';
import { trackingLink, trackingToken } from '../../platform/security/tokens';

/** No control or bidi character in a subject (a header), a body or a WhatsApp parameter. */
function printable(message: Omit<NewMessage, 'now'>, now: Date): NewMessage {
  return {
    ...message,
    subject: message.subject === null ? null : printableLine(message.subject),
    body: printableText(message.body),
    params: mapStrings(message.params, printableLine),
    now,
  };
}

/**
 * Writes the message unless its dedupe key exists, and queues its delivery, both in `tx`. Returns
 * the id when new. Every message goes out through here, so here no control or bidi character gets
 * into a subject (a header), a body or a WhatsApp parameter, whoever wrote the text.
 */
export async function enqueueMessage(
  deps: AppDeps,
  tx: Transaction<DB>,
  message: Omit<NewMessage, 'now'>,
): Promise<string | undefined> {
  const id = await insertMessage(tx, printable(message, deps.clock.now()));
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
  const branding = await getBranding(deps, tx);
  let queued = 0;
  for (const message of milestoneMessages(deps, order, milestone, branding)) {
    if (await enqueueMessage(deps, tx, message)) queued++;
  }
  return queued;
}

/**
 * enqueueCustomerMilestone for a batch of (order, milestone) pairs: one read of the orders, one
 * INSERT of the messages, then one delivery job per new message. Returns how many were queued.
 */
export async function enqueueCustomerMilestones(
  deps: AppDeps,
  tx: Transaction<DB>,
  milestones: readonly { orderId: string; milestone: CustomerMilestone }[],
): Promise<number> {
  if (milestones.length === 0) return 0;
  const orders = await findMilestoneContexts(tx, [...new Set(milestones.map((m) => m.orderId))]);
  if (orders.size === 0) return 0;
  const branding = await getBranding(deps, tx);
  const now = deps.clock.now();
  const messages = milestones.flatMap(({ orderId, milestone }) => {
    const order = orders.get(orderId);
    return order ? milestoneMessages(deps, order, milestone, branding).map((m) => printable(m, now)) : [];
  });
  const ids = await insertMessages(tx, messages);
  await deps.queue.sendMany(
    tx,
    JOBS.deliverMessage,
    ids.map((id) => ({ data: { messageId: id }, options: { singletonKey: `message:${id}` } })),
  );
  return ids.length;
}

/** The customer's messages for one milestone (an email, a WhatsApp message), as the outbox will write them. */
function milestoneMessages(
  deps: AppDeps,
  order: MilestoneContext,
  milestone: CustomerMilestone,
  branding: Awaited<ReturnType<typeof getBranding>>,
): Omit<NewMessage, 'now'>[] {
  const orderId = order.orderId;
  const link = trackingLink(deps.config.publicUrl, deps.secrets.appSecret, order.orderNumber);
  const context = {
    language: order.language,
    customerName: order.customerName,
    orderNumber: order.orderNumber,
    courierName: order.courierName,
    awb: order.awb,
    arrivingBy: order.promisedBy,
    trackingLink: link,
    storeName: branding.storeName,
    supportEmail: branding.supportEmail,
    supportPhone: branding.supportPhone,
  };
  const messages: Omit<NewMessage, 'now'>[] = [];
  const email = order.contactEmail ?? order.customerEmail;
  if (email) {
    const content = milestoneEmail(milestone, context);
    messages.push({
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
    messages.push({
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
  }
  return messages;
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

/**
 * An email to the store's admin through the outbox, once per `dedupeKey` ever: an endpoint's
 * failing spell, a channel problem, the daily stuck-shipment digest.
 */
export async function enqueueAdminAlert(
  deps: AppDeps,
  tx: Transaction<DB>,
  input: { template: string; subject: string; body: string; dedupeKey: string; orderId?: string | null },
): Promise<boolean> {
  const id = await enqueueMessage(deps, tx, {
    orderId: input.orderId ?? null,
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
/** The customer's mobile for WhatsApp, when they opted in and it is a valid Indian mobile. */
function whatsAppRecipient(
  deps: AppDeps,
  order: { orderId: string; whatsappOptIn: boolean; contactPhone: string },
): string | null {
  if (!order.whatsappOptIn) return null;
  try {
    return `+91${normalizeIndianMobile(order.contactPhone)}`;
  } catch {
    deps.logger.warn(
      { orderId: order.orderId },
      '[MESSAGE] contact phone is not a valid Indian mobile: no WhatsApp message',
    );
    return null;
  }
}

/**
 * After a failed delivery the customer can answer: an email and a WhatsApp (with quick replies for
 * the answers a button can carry) with the tracking link, once per NDR event. Only when the reason
 * offers the customer a choice (`choices`); returns the number of messages queued.
 */
export async function enqueueCustomerNdr(
  deps: AppDeps,
  tx: Transaction<DB>,
  input: {
    orderId: string;
    ndrNoteId: string;
    code: string;
    respondBy: Date;
    choices: { reattempt: boolean; cancel: boolean };
  },
): Promise<number> {
  const order = await findMilestoneContext(tx, input.orderId);
  if (!order) return 0;
  const branding = await getBranding(deps, tx);
  const link = trackingLink(deps.config.publicUrl, deps.secrets.appSecret, order.orderNumber);
  const reason = ndrCustomerText(input.code, order.language);
  let queued = 0;
  const email = order.contactEmail ?? order.customerEmail;
  if (email) {
    const content = ndrCustomerEmail({
      language: order.language,
      customerName: order.customerName,
      orderNumber: order.orderNumber,
      reason,
      trackingLink: link,
      storeName: branding.storeName,
      respondBy: input.respondBy,
    });
    const id = await enqueueMessage(deps, tx, {
      orderId: input.orderId,
      channel: 'email',
      audience: 'customer',
      template: 'ndr_customer',
      recipient: email,
      subject: content.subject,
      body: content.text,
      params: {},
      dedupeKey: `ndr-customer:${input.ndrNoteId}:email`,
    });
    if (id) queued++;
  }
  const mobile = whatsAppRecipient(deps, order);
  if (mobile) {
    const template = input.choices.reattempt
      ? input.choices.cancel
        ? NDR_WHATSAPP_TEMPLATES.reattemptOrCancel
        : NDR_WHATSAPP_TEMPLATES.reattempt
      : NDR_WHATSAPP_TEMPLATES.link;
    const payloads = template.quickReplies.map((action) =>
      ndrReplyPayload(deps.secrets.appSecret, input.ndrNoteId, action),
    );
    const suffix = `${encodeURIComponent(order.orderNumber)}?t=${trackingToken(deps.secrets.appSecret, order.orderNumber)}`;
    const params = ndrWhatsAppParams(
      template,
      {
        language: order.language,
        customerName: order.customerName,
        orderNumber: order.orderNumber,
        storeName: branding.storeName,
      },
      suffix,
      payloads,
    );
    const id = await enqueueMessage(deps, tx, {
      orderId: input.orderId,
      channel: 'whatsapp',
      audience: 'customer',
      template: 'ndr_customer',
      recipient: mobile,
      subject: null,
      body: `${params.template.name}: ${params.body.join(' | ')}`,
      params,
      dedupeKey: `ndr-customer:${input.ndrNoteId}:whatsapp`,
    });
    if (id) queued++;
  }
  return queued;
}

/** The admin's email with the customer's answer and what to tell iCarry; once per NDR event. */
export async function enqueueNdrResponseAlert(
  deps: AppDeps,
  tx: Transaction<DB>,
  input: {
    orderId: string;
    orderNumber: string;
    ndrNoteId: string;
    awb: string | null;
    courierName: string | null;
    code: string;
    answer: string;
    action: 'reattempt' | 'update_address' | 'cancel';
  },
): Promise<boolean> {
  const content = ndrResponseAlertEmail({
    ...input,
    adminLink: `${deps.config.publicUrl}/admin/orders/${input.orderId}`,
  });
  const id = await enqueueMessage(deps, tx, {
    orderId: input.orderId,
    channel: 'email',
    audience: 'admin',
    template: 'ndr_response',
    recipient: deps.config.mail.adminAlertsTo,
    subject: content.subject,
    body: content.text,
    params: { code: input.code, action: input.action },
    dedupeKey: `ndr-response:${input.ndrNoteId}`,
  });
  return id !== undefined;
}
