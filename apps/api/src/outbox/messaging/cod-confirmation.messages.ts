import { printableLine } from '@app/shipping';
import type { EmailContent } from './message.templates';

/**
 * Every word the customer and the admin read about a COD confirmation, in one module, so the
 * words can move into the message catalogues (i18n) as they are: the WhatsApp template (its
 * approved body is in docs/integrations.md), the email, and the admin's digest lines.
 */

/** The customer's language for these messages; English only until the catalogues carry Hindi. */
export type CodMessageLanguage = 'en';

/**
 * The approved WhatsApp template, per language: body {{1}} first name, {{2}} order number,
 * {{3}} amount to pay, {{4}} store name; buttons 0 "Confirm order" and 1 "Cancel order" (quick
 * replies, their payloads signed per order), 2 "Change address" (URL, suffix = the page's path).
 */
export const COD_CONFIRMATION_WHATSAPP_TEMPLATES = {
  en: { name: 'cod_order_confirmation', language: 'en' },
} as const satisfies Record<CodMessageLanguage, { name: string; language: string }>;

/** The quick replies in button order: what each button answers. */
export const COD_QUICK_REPLIES = ['confirm', 'cancel'] as const;
export type CodQuickReply = (typeof COD_QUICK_REPLIES)[number];

export interface CodConfirmationFields {
  customerName: string;
  orderNumber: string;
  /** "₹1,249.00" */
  amountText: string;
  storeName: string;
  confirmLink: string;
  /** "Tue, 8 Dec, 8:08 pm" */
  answerByText: string;
}

function firstName(name: string): string {
  const printable = printableLine(name);
  return printable.split(' ')[0] ?? printable;
}

const RUPEES = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', minimumFractionDigits: 2 });

/** "₹1,249.00" from paise. */
export function formatCodAmount(paise: number): string {
  return RUPEES.format(paise / 100);
}

const ANSWER_BY = new Intl.DateTimeFormat('en-IN', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Asia/Kolkata',
});

export function formatAnswerBy(at: Date): string {
  return ANSWER_BY.format(at);
}

export function codConfirmationEmail(c: CodConfirmationFields): EmailContent {
  return {
    subject: `Please confirm your cash-on-delivery order ${c.orderNumber}`,
    text: [
      `Hi ${firstName(c.customerName)},`,
      '',
      `Thank you for your order ${c.orderNumber} with ${c.storeName}. You chose to pay ${c.amountText} in cash when it arrives.`,
      '',
      `Please confirm the order (or cancel it) before ${c.answerByText}, so we can send it to the courier:`,
      c.confirmLink,
      '',
      'On the same page you can correct the address line, add a landmark or fix the pincode.',
      '',
      `If we do not hear from you by then, we may hold the order.`,
      '',
      `Thank you for shopping with ${c.storeName}.`,
    ].join('\n'),
  };
}

/** Positional parameters for the approved template (one printable line each, Meta error 132018). */
export function codConfirmationWhatsAppParams(
  c: Omit<CodConfirmationFields, 'confirmLink' | 'answerByText'>,
  input: { language: CodMessageLanguage; pageSuffix: string; payloads: string[] },
) {
  const clean = (v: string) => Array.from(printableLine(v)).slice(0, 60).join('');
  return {
    template: COD_CONFIRMATION_WHATSAPP_TEMPLATES[input.language],
    body: [firstName(c.customerName), c.orderNumber, c.amountText, c.storeName].map(clean),
    quickReplies: input.payloads,
    buttonUrlSuffix: input.pageSuffix,
    buttonUrlIndex: input.payloads.length,
  };
}

/** What the customer's WhatsApp reply did, for the order's history (the admin reads it). */
export const COD_HISTORY_TEXT = {
  requested: (channels: string) => `COD confirmation requested from the customer (${channels})`,
  confirmed: (via: 'page' | 'whatsapp') =>
    `Customer confirmed the COD order ${via === 'whatsapp' ? 'on WhatsApp' : 'on the confirmation page'}`,
  declined: (via: 'page' | 'whatsapp') =>
    `Customer cancelled the COD order ${via === 'whatsapp' ? 'on WhatsApp' : 'on the confirmation page'}`,
  expired: (hours: number) => `COD confirmation expired: no answer from the customer within ${hours} h`,
  addressCorrected: (what: string) => `Customer corrected the delivery address on the confirmation page: ${what}`,
  override: (state: string, admin: string) => `Shipped without the customer's COD confirmation (${state}) by ${admin}`,
} as const;

/** The admin's flag on a declined order. */
export const COD_DECLINED_REASON = (via: 'page' | 'whatsapp') =>
  `The customer cancelled this cash-on-delivery order ${via === 'whatsapp' ? 'on WhatsApp' : 'on the confirmation page'} before it shipped. Cancel it here (and in the store), or call the customer.`;

/** The note written on the Shopify or WooCommerce order when the customer declines. */
export function codDeclinedChannelNote(orderNumber: string): string {
  return `The customer declined cash on delivery for order ${orderNumber} when asked to confirm it. It has not been shipped.`;
}

export interface ExpiredDigestLine {
  orderNumber: string;
  amountText: string;
  adminLink: string;
}

/** The daily digest's section for expired confirmations (order numbers and amounts only). */
export function expiredCodDigestSection(lines: readonly ExpiredDigestLine[], listLink: string): string[] {
  if (lines.length === 0) return [];
  const max = 100;
  return [
    `${lines.length} COD order${lines.length === 1 ? '' : 's'} not confirmed by the customer in time (expired):`,
    '',
    ...lines.slice(0, max).map((l) => `- ${l.orderNumber}: ${l.amountText} to collect\n  ${l.adminLink}`),
    ...(lines.length > max ? [`...and ${lines.length - max} more.`] : []),
    '',
    `All of them: ${listLink}`,
    'Call the customer, then ship with "Ship without confirmation" or cancel the order.',
  ];
}
