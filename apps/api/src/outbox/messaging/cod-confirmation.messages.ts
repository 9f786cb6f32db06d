import { printableLine } from '@app/shipping';
import { translator, type Language } from '@app/shipping/i18n';
import { whatsAppTemplate, type EmailContent } from './message.templates';

/**
 * Every word the customer and the admin read about a COD confirmation, in one module, so the
 * words can move into the message catalogues (i18n) as they are: the WhatsApp template (its
 * approved body is in docs/integrations.md), the email, and the admin's digest lines.
 */

/** The customer's language for these messages (the catalogues' `msg.cod*` words). */
export type CodMessageLanguage = Language;

/**
 * The approved WhatsApp template, in English (`en`) and Hindi (`hi`) under one name: body {{1}}
 * first name, {{2}} order number, {{3}} amount to pay, {{4}} store name; buttons 0 "Confirm order"
 * and 1 "Cancel order" (quick replies, their payloads signed per order), 2 "Change address" (URL,
 * suffix = the page's path). Both bodies are in docs/integrations.md.
 */
export const COD_CONFIRMATION_WHATSAPP_TEMPLATE = 'cod_order_confirmation';

/** The quick replies in button order: what each button answers. */
export const COD_QUICK_REPLIES = ['confirm', 'cancel'] as const;
export type CodQuickReply = (typeof COD_QUICK_REPLIES)[number];

export interface CodConfirmationFields {
  language: CodMessageLanguage;
  customerName: string;
  orderNumber: string;
  codAmountPaise: number;
  storeName: string;
  confirmLink: string;
  /** When the request expires (the customer reads it on an Indian clock, in their language). */
  answerBy: Date;
}

function firstName(name: string): string {
  const printable = printableLine(name);
  return printable.split(' ')[0] ?? printable;
}

/** "₹1,249.00" from paise (the admin's digest; Indian grouping). */
export function formatCodAmount(paise: number): string {
  return translator('en').money(paise);
}

export function codConfirmationEmail(c: CodConfirmationFields): EmailContent {
  const { t, money, deadline } = translator(c.language);
  return {
    subject: t('msg.codSubject', { orderNumber: c.orderNumber }),
    text: [
      t('msg.greeting', { name: firstName(c.customerName) }),
      '',
      t('msg.codThanks', { orderNumber: c.orderNumber, store: c.storeName, amount: money(c.codAmountPaise) }),
      '',
      t('msg.codAsk', { when: deadline(c.answerBy) }),
      c.confirmLink,
      '',
      t('msg.codAddress'),
      '',
      t('msg.codHold'),
      '',
      t('msg.thanks', { store: c.storeName }),
    ].join('\n'),
  };
}

/** Positional parameters for the approved template (one printable line each, Meta error 132018). */
export function codConfirmationWhatsAppParams(
  c: Omit<CodConfirmationFields, 'confirmLink' | 'answerBy'>,
  input: { pageSuffix: string; payloads: string[] },
) {
  const clean = (v: string) => Array.from(printableLine(v)).slice(0, 60).join('');
  return {
    template: whatsAppTemplate(COD_CONFIRMATION_WHATSAPP_TEMPLATE, c.language),
    body: [firstName(c.customerName), c.orderNumber, translator(c.language).money(c.codAmountPaise), c.storeName].map(
      clean,
    ),
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
