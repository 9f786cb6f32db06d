import { WhatsAppStandIn } from '../outbox/messaging/whatsapp.stand-in';

export type { WhatsAppRequest } from '../outbox/messaging/whatsapp.stand-in';

/**
 * The tests' WhatsApp Cloud API: the product's own stand-in (the one sandbox mode runs), with no
 * automatic receipts unless asked, so tests post exactly the webhooks they mean.
 */
export class TestWhatsAppApi extends WhatsAppStandIn {}
