import type { Channel } from '@app/db';

export const CHANNEL_LABEL: Record<Channel, string> = { shopify: 'Shopify', woocommerce: 'WooCommerce' };

/**
 * What a channel's delivery asks of us, in our words (each wire module maps its payload to this):
 * upsert an order (its input is validated by the one order-input schema, as every intake's is),
 * cancel one, or nothing, with the reason.
 */
export type ChannelOrder =
  | {
      kind: 'upsert';
      externalId: string;
      /** Raw order input (OrderInput shape) before validation. */
      input: Record<string, unknown>;
      /** Order-level discount in rupees, when the channel has one (the input schema has none). */
      discount: string | null;
    }
  | { kind: 'cancel'; externalId: string; reason: string }
  | { kind: 'ignore'; externalId: string | null; reason: string };
