import type { CustomerMilestone } from '@app/shipping';

export interface MilestoneContext {
  customerName: string;
  orderNumber: string;
  courierName: string | null;
  awb: string | null;
  trackingLink: string;
  storeName: string;
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

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

export function milestoneEmail(milestone: CustomerMilestone, c: MilestoneContext): EmailContent {
  const hi = `Hi ${firstName(c.customerName)},`;
  const track = `Track your parcel: ${c.trackingLink}`;
  const sign = `\n\nThank you for shopping with ${c.storeName}.`;
  switch (milestone) {
    case 'shipped':
      return {
        subject: `Your order ${c.orderNumber} has shipped`,
        text: `${hi}\n\nYour order ${c.orderNumber} is on its way with ${c.courierName ?? 'our courier'}${c.awb ? ` (tracking number ${c.awb})` : ''}.\n\n${track}${sign}`,
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
export function milestoneWhatsAppParams(milestone: CustomerMilestone, c: MilestoneContext, trackingSuffix: string) {
  const clean = (v: string) =>
    v
      .replace(/[\t\n\r]+/g, ' ')
      .replace(/ {4,}/g, '   ')
      .slice(0, 200);
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

export interface StuckDigestLine {
  orderNumber: string;
  awb: string | null;
  courierName: string | null;
  /** "awaiting pickup", "in transit", "NDR not answered" */
  stage: string;
  hours: number;
  direction: 'forward' | 'return';
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
