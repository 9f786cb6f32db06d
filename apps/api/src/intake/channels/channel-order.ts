import type { Channel } from '@app/db';

export const CHANNEL_LABEL: Record<Channel, string> = { shopify: 'Shopify', woocommerce: 'WooCommerce' };

/**
 * What a channel's delivery asks of us, in our words (each wire module maps its payload to this):
 * upsert an order (its input is validated by the one order-input schema, as every intake's is),
 * cancel one, or nothing, with the reason. What it asks follows from the signed body alone.
 */
export type ChannelOrder =
  | {
      kind: 'upsert';
      externalId: string;
      /** Raw order input (OrderInput shape, money with discount and fees) before validation. */
      input: Record<string, unknown>;
      /** Tax included in the order's amounts, for the record. */
      taxPaise: number;
      /** The channel's version of the order (Shopify updated_at, WooCommerce date_modified_gmt). */
      version: Date | null;
      /** What the channel's own consent field says about WhatsApp-able messages; null = nothing. */
      consent: boolean | null;
    }
  | { kind: 'cancel'; externalId: string; reason: string; version: Date | null }
  /** A signed order that cannot be taken as it is (kept as rejected with the reason). */
  | { kind: 'reject'; externalId: string | null; reason: string }
  | { kind: 'ignore'; externalId: string | null; reason: string };
