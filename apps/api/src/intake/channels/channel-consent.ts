import { findSetting, saveSetting, type Channel } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';

/**
 * Whether a channel's customers get WhatsApp messages (consent: DESIGN "Talking to the customer"),
 * a store's choice per channel, default off:
 * - `off`: the channel says nothing about WhatsApp; its customers are not opted in by it.
 * - `field`: read the channel's own consent field (Shopify's SMS marketing consent, else the
 *   checkout's marketing box; a WooCommerce order meta key such as `_wc_whatsapp_opt_in`).
 * - `checkout`: the store collects WhatsApp consent at checkout; treat every customer as opted in.
 * The admin's choice (Integrations page) wins over the environment's (SHOPIFY_WHATSAPP_CONSENT,
 * WOOCOMMERCE_WHATSAPP_CONSENT).
 */
export const CONSENT_POLICIES = ['off', 'field', 'checkout'] as const;
export type ConsentPolicy = (typeof CONSENT_POLICIES)[number];

const settingKey = (channel: Channel) => `whatsapp_consent.${channel}`;
const isPolicy = (value: string | undefined): value is ConsentPolicy =>
  (CONSENT_POLICIES as readonly string[]).includes(value ?? '');

export async function channelConsentPolicy(
  deps: AppDeps,
  channel: Channel,
): Promise<{ policy: ConsentPolicy; setBy: 'admin' | 'env' | 'default' }> {
  const saved = await findSetting(deps.db, settingKey(channel));
  if (isPolicy(saved)) return { policy: saved, setBy: 'admin' };
  const configured = deps.config.channels[channel]?.whatsappConsent;
  return configured ? { policy: configured, setBy: 'env' } : { policy: 'off', setBy: 'default' };
}

export async function saveChannelConsentPolicy(deps: AppDeps, channel: Channel, policy: ConsentPolicy): Promise<void> {
  await saveSetting(deps.db, settingKey(channel), policy);
}

/** The WhatsApp statement an order from the channel makes: true grants, false withdraws, null says nothing. */
export function consentStatement(policy: ConsentPolicy, channelField: boolean | null): boolean | null {
  if (policy === 'checkout') return true;
  if (policy === 'field') return channelField;
  return null;
}
