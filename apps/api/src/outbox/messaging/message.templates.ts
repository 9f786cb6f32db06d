import { printableLine, type CustomerMilestone, type ShipmentDirection } from '@app/shipping';
import { translator, type Language } from '@app/shipping/i18n';

/** What a milestone email or WhatsApp prints (the order's facts with the link and the store's name). */
export interface MilestoneMessageFields {
  /** The customer's language: the email's words and the WhatsApp template's language code. */
  language: Language;
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

/**
 * WhatsApp template names (one per milestone; Meta keeps one translation per language under a name,
 * so the language code picks English or Hindi: docs/integrations.md lists both bodies).
 */
export const WHATSAPP_TEMPLATES = {
  shipped: { name: 'order_shipped' },
  out_for_delivery: { name: 'order_out_for_delivery' },
  delivered: { name: 'order_delivered' },
} as const satisfies Record<CustomerMilestone, { name: string }>;

/** A template in the customer's language: Meta's language codes are ours ('en', 'hi'). */
export function whatsAppTemplate(name: string, language: Language): { name: string; language: Language } {
  return { name, language };
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
  const { t, calendarDay, either } = translator(c.language);
  const orderNumber = c.orderNumber;
  const hi = t('msg.greeting', { name: firstName(c.customerName) });
  const track = t('msg.trackLink', { link: c.trackingLink });
  const contacts = [c.supportPhone, c.supportEmail].filter((v): v is string => Boolean(v));
  const help = contacts.length > 0 ? `\n${t('msg.help', { contacts: either(contacts) })}` : '';
  const sign = `\n\n${t('msg.thanks', { store: c.storeName })}${help}`;
  const paragraphs = (...lines: (string | null)[]) =>
    [hi, ...lines.filter((l) => l !== null), track].join('\n\n') + sign;
  switch (milestone) {
    case 'shipped': {
      const courier = c.courierName ?? t('msg.ourCourier');
      return {
        subject: t('msg.shippedSubject', { orderNumber }),
        text: paragraphs(
          c.awb
            ? t('msg.shippedBodyAwb', { orderNumber, courier, awb: c.awb })
            : t('msg.shippedBody', { orderNumber, courier }),
          c.arrivingBy ? t('msg.arrivingBy', { day: calendarDay(c.arrivingBy) }) : null,
        ),
      };
    }
    case 'out_for_delivery':
      return {
        subject: t('msg.outForDeliverySubject', { orderNumber }),
        text: paragraphs(t('msg.outForDeliveryBody', { orderNumber })),
      };
    case 'delivered':
      return {
        subject: t('msg.deliveredSubject', { orderNumber }),
        text: paragraphs(t('msg.deliveredBody', { orderNumber })),
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
  const { t, calendarDay } = translator(c.language);
  const body =
    milestone === 'shipped'
      ? [
          firstName(c.customerName),
          c.orderNumber,
          c.courierName ?? t('msg.ourCourier'),
          c.awb ?? '-',
          // {{5}}: the day promised at booking, as the email and the tracking page say it.
          c.arrivingBy ? t('msg.arrivingBy', { day: calendarDay(c.arrivingBy) }) : t('msg.arrivingSoon'),
        ]
      : [firstName(c.customerName), c.orderNumber];
  return {
    template: whatsAppTemplate(WHATSAPP_TEMPLATES[milestone].name, c.language),
    body: body.map(clean),
    buttonUrlSuffix: trackingSuffix,
  };
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
  link: { name: 'delivery_failed_link', quickReplies: [] },
  reattempt: { name: 'delivery_failed_reattempt', quickReplies: ['reattempt_tomorrow'] },
  reattemptOrCancel: { name: 'delivery_failed_reattempt_cancel', quickReplies: ['reattempt_tomorrow', 'cancel'] },
} as const;

export type NdrQuickReply =
  (typeof NDR_WHATSAPP_TEMPLATES)[keyof typeof NDR_WHATSAPP_TEMPLATES]['quickReplies'][number];

export function ndrCustomerEmail(c: {
  language: Language;
  customerName: string;
  orderNumber: string;
  reason: string;
  trackingLink: string;
  storeName: string;
  respondBy: Date;
}): EmailContent {
  const { t, deadline } = translator(c.language);
  return {
    subject: t('msg.ndrSubject', { orderNumber: c.orderNumber }),
    text: [
      t('msg.greeting', { name: firstName(c.customerName) }),
      '',
      t('msg.ndrTried', { orderNumber: c.orderNumber }),
      c.reason,
      '',
      t('msg.ndrAsk', { when: deadline(c.respondBy) }),
      c.trackingLink,
      '',
      t('msg.thanks', { store: c.storeName }),
    ].join('\n'),
  };
}

/** Parameters for the NDR template; quick replies carry `payloads` in their button order. */
export function ndrWhatsAppParams(
  template: (typeof NDR_WHATSAPP_TEMPLATES)[keyof typeof NDR_WHATSAPP_TEMPLATES],
  c: { language: Language; customerName: string; orderNumber: string; storeName: string },
  trackingSuffix: string,
  payloads: string[],
) {
  const clean = (v: string) => templateParam(v, 60);
  return {
    template: whatsAppTemplate(template.name, c.language),
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
