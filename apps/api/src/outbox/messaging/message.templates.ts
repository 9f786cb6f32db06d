import { printableLine, type CustomerMilestone, type ShipmentDirection } from '@app/shipping';

/** What a milestone email or WhatsApp prints (the order's facts with the link and the store's name). */
export interface MilestoneMessageFields {
  customerName: string;
  orderNumber: string;
  courierName: string | null;
  awb: string | null;
  /** The day promised at booking (yyyy-mm-dd), as the tracking page says it. */
  arrivingBy?: string | null;
  trackingLink: string;
  storeName: string;
  supportEmail?: string | null;
  supportPhone?: string | null;
}

export interface EmailContent {
  subject: string;
  text: string;
}

/** WhatsApp template names and the positional parameters each approved template expects. */
export const WHATSAPP_TEMPLATES = {
  shipped: { name: 'order_shipped', language: 'en' },
  out_for_delivery: { name: 'order_out_for_delivery', language: 'en' },
  delivered: { name: 'order_delivered', language: 'en' },
} as const satisfies Record<CustomerMilestone, { name: string; language: string }>;

/** 'yyyy-mm-dd' -> "Fri, 11 Dec", the way the tracking page writes the day. */
function arrivingDay(day: string): string {
  return new Intl.DateTimeFormat('en-IN', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** The first word of a printable name (a control character must not glue "Asha" to what follows). */
function firstName(name: string): string {
  const printable = printableLine(name);
  return printable.split(' ')[0] ?? printable;
}

/**
 * A WhatsApp template parameter: one printable line (Meta refuses newlines, tabs and more than
 * three spaces in a row, error 132018), at most `max` characters (never half a surrogate pair).
 */
function templateParam(value: string, max: number): string {
  return Array.from(printableLine(value)).slice(0, max).join('');
}

export function milestoneEmail(milestone: CustomerMilestone, c: MilestoneMessageFields): EmailContent {
  const hi = `Hi ${firstName(c.customerName)},`;
  const track = `Track your parcel: ${c.trackingLink}`;
  const contacts = [c.supportPhone, c.supportEmail].filter((v): v is string => Boolean(v));
  const help = contacts.length > 0 ? `\nQuestions? Reach us at ${contacts.join(' or ')}.` : '';
  const sign = `\n\nThank you for shopping with ${c.storeName}.${help}`;
  switch (milestone) {
    case 'shipped':
      return {
        subject: `Your order ${c.orderNumber} has shipped`,
        text: `${hi}\n\nYour order ${c.orderNumber} is on its way with ${c.courierName ?? 'our courier'}${c.awb ? ` (tracking number ${c.awb})` : ''}.${c.arrivingBy ? `\n\nArriving by ${arrivingDay(c.arrivingBy)}.` : ''}\n\n${track}${sign}`,
      };
    case 'out_for_delivery':
      return {
        subject: `Your order ${c.orderNumber} is out for delivery`,
        text: `${hi}\n\nYour order ${c.orderNumber} is out for delivery today. Please keep your phone handy for the courier.\n\n${track}${sign}`,
      };
    case 'delivered':
      return {
        subject: `Your order ${c.orderNumber} has been delivered`,
        text: `${hi}\n\nYour order ${c.orderNumber} has been delivered. We hope you enjoy it! If anything is wrong with your parcel, just reply to this email.\n\n${track}${sign}`,
      };
  }
}

/** Parameters for the approved template: no newlines or tabs (Meta error 132018), short. */
export function milestoneWhatsAppParams(
  milestone: CustomerMilestone,
  c: MilestoneMessageFields,
  trackingSuffix: string,
) {
  const clean = (v: string) => templateParam(v, 200);
  const body =
    milestone === 'shipped'
      ? [firstName(c.customerName), c.orderNumber, c.courierName ?? 'our courier', c.awb ?? '-']
      : [firstName(c.customerName), c.orderNumber];
  return { template: WHATSAPP_TEMPLATES[milestone], body: body.map(clean), buttonUrlSuffix: trackingSuffix };
}

export function ndrAlertEmail(input: {
  orderNumber: string;
  awb: string | null;
  courierName: string | null;
  code: string;
  reason: string;
  date: string | null;
  adminLink: string;
}): EmailContent {
  return {
    subject: `Delivery problem on ${input.orderNumber} (${input.code})`,
    text: [
      `iCarry reported a failed delivery (NDR) for order ${input.orderNumber}.`,
      '',
      `Reason: ${input.reason} (${input.code})`,
      `Date: ${input.date ?? 'not given'}`,
      `Courier: ${input.courierName ?? 'unknown'}, tracking number ${input.awb ?? 'unknown'}`,
      '',
      `Open the order: ${input.adminLink}`,
      'Contact the customer, then choose re-attempt or return in the iCarry panel.',
    ].join('\n'),
  };
}

/**
 * The NDR message's approved templates: one per set of quick-reply buttons (a template's buttons are
 * fixed when Meta approves it). Body: {{1}} first name, {{2}} order number, {{3}} store name; the
 * last button is the URL button with the tracking link's suffix.
 */
export const NDR_WHATSAPP_TEMPLATES = {
  link: { name: 'delivery_failed_link', language: 'en', quickReplies: [] },
  reattempt: { name: 'delivery_failed_reattempt', language: 'en', quickReplies: ['reattempt_tomorrow'] },
  reattemptOrCancel: {
    name: 'delivery_failed_reattempt_cancel',
    language: 'en',
    quickReplies: ['reattempt_tomorrow', 'cancel'],
  },
} as const;

export type NdrQuickReply =
  (typeof NDR_WHATSAPP_TEMPLATES)[keyof typeof NDR_WHATSAPP_TEMPLATES]['quickReplies'][number];

export function ndrCustomerEmail(c: {
  customerName: string;
  orderNumber: string;
  reason: string;
  trackingLink: string;
  storeName: string;
  respondByText: string;
}): EmailContent {
  return {
    subject: `We could not deliver your order ${c.orderNumber}`,
    text: [
      `Hi ${firstName(c.customerName)},`,
      '',
      `The courier tried to deliver your order ${c.orderNumber} but could not.`,
      c.reason,
      '',
      `Tell us what to do (a new date, a landmark, another phone number) by ${c.respondByText}:`,
      c.trackingLink,
      '',
      `Thank you for shopping with ${c.storeName}.`,
    ].join('\n'),
  };
}

/** Parameters for the NDR template; quick replies carry `payloads` in their button order. */
export function ndrWhatsAppParams(
  template: (typeof NDR_WHATSAPP_TEMPLATES)[keyof typeof NDR_WHATSAPP_TEMPLATES],
  c: { customerName: string; orderNumber: string; storeName: string },
  trackingSuffix: string,
  payloads: string[],
) {
  const clean = (v: string) => templateParam(v, 60);
  return {
    template: { name: template.name, language: template.language },
    body: [firstName(c.customerName), c.orderNumber, c.storeName].map(clean),
    buttonUrlSuffix: trackingSuffix,
    buttonUrlIndex: payloads.length,
    quickReplies: payloads,
  };
}

export function ndrResponseAlertEmail(input: {
  orderNumber: string;
  awb: string | null;
  courierName: string | null;
  code: string;
  answer: string;
  action: 'reattempt' | 'update_address' | 'cancel';
  adminLink: string;
}): EmailContent {
  const todo =
    input.action === 'cancel'
      ? 'In the iCarry panel, open NDR > Action Required and choose Return to Origin (RTO) for this AWB; then cancel the order here.'
      : 'In the iCarry panel, open NDR > Action Required and choose Re-attempt for this AWB, with the date, landmark or phone below in the remarks.';
  return {
    subject: `Customer answered the failed delivery on ${input.orderNumber}`,
    text: [
      `The customer answered the failed delivery (NDR ${input.code}) for order ${input.orderNumber}.`,
      '',
      `Their answer: ${input.answer}`,
      `Courier: ${input.courierName ?? 'unknown'}, tracking number ${input.awb ?? 'unknown'}`,
      '',
      `What to tell iCarry: ${todo}`,
      '',
      `Open the order: ${input.adminLink}`,
    ].join('\n'),
  };
}

export interface StuckDigestLine {
  orderNumber: string;
  awb: string | null;
  courierName: string | null;
  /** "awaiting pickup", "in transit", "NDR not answered" */
  stage: string;
  hours: number;
  direction: ShipmentDirection;
  adminLink: string;
}

const DIGEST_MAX_LINES = 100;

/** The watchdog's daily email: order numbers, AWBs and couriers only (no names, phones or addresses). */
export function stuckDigestEmail(input: {
  day: string;
  lines: readonly StuckDigestLine[];
  stuckTabLink: string;
}): EmailContent {
  const { lines } = input;
  const shown = lines
    .slice(0, DIGEST_MAX_LINES)
    .map(
      (l) =>
        `- ${l.orderNumber}${l.direction === 'return' ? ' (return)' : ''}: ${l.stage} for ${l.hours} h, ${l.courierName ?? 'courier unknown'}, AWB ${l.awb ?? 'none'}\n  ${l.adminLink}`,
    );
  return {
    subject: `${lines.length} shipment${lines.length === 1 ? '' : 's'} stuck (${input.day})`,
    text: [
      `${lines.length} shipment${lines.length === 1 ? ' has' : 's have'} had no carrier movement for longer than expected:`,
      '',
      ...shown,
      ...(lines.length > DIGEST_MAX_LINES ? [`...and ${lines.length - DIGEST_MAX_LINES} more.`] : []),
      '',
      `All of them: ${input.stuckTabLink}`,
      'Chase the courier through the iCarry panel, or answer the NDR.',
    ].join('\n'),
  };
}
