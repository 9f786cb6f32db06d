import { findChannelState, listChannelWebhooks, listChannelWritebacks, type Channel } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { CHANNEL_LABEL } from './channel-order';
import { channelConsentPolicy, type ConsentPolicy } from './channel-consent';

export interface ChannelOverview {
  channel: Channel;
  label: string;
  configured: boolean;
  writeBackConfigured: boolean;
  /** What to paste into the store's webhook settings. */
  webhookUrl: string;
  topics: string[];
  lastWebhookAt: Date | null;
  lastError: { at: Date; detail: string } | null;
  lastPollAt: Date | null;
  lastPollError: string | null;
  /** How the channel's customers' WhatsApp consent is read, and who chose it. */
  whatsappConsent: { policy: ConsentPolicy; setBy: 'admin' | 'env' | 'default'; metaKeys: string[] | null };
  recentWebhooks: {
    id: string;
    topic: string;
    externalId: string | null;
    orderId: string | null;
    orderNumber: string | null;
    outcome: string;
    detail: string | null;
    receivedAt: Date;
  }[];
  recentWritebacks: {
    id: string;
    orderId: string;
    orderNumber: string;
    what: string;
    state: string;
    attempts: number;
    lastError: string | null;
    userErrors: string[];
    updatedAt: Date;
  }[];
}

const TOPICS: Record<Channel, string[]> = {
  shopify: ['orders/create', 'orders/updated', 'orders/cancelled'],
  woocommerce: ['order.created', 'order.updated'],
};

function userErrorMessages(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((e) =>
    typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string'
      ? [(e as { message: string }).message]
      : [],
  );
}

/** The Integrations page: each channel's state and recent traffic. */
export async function channelOverviews(deps: AppDeps): Promise<ChannelOverview[]> {
  const channels: Channel[] = ['shopify', 'woocommerce'];
  return Promise.all(
    channels.map(async (channel) => {
      const config = deps.config.channels[channel];
      const [webhooks, writebacks, state, consent] = await Promise.all([
        listChannelWebhooks(deps.db, channel, 20),
        listChannelWritebacks(deps.db, channel, 20),
        findChannelState(deps.db, channel),
        channelConsentPolicy(deps, channel),
      ]);
      const failed = webhooks.find((w) => w.outcome === 'rejected' || w.outcome === 'failed');
      return {
        channel,
        label: CHANNEL_LABEL[channel],
        configured: config !== undefined,
        writeBackConfigured:
          channel === 'shopify'
            ? Boolean(deps.config.channels.shopify?.admin)
            : Boolean(deps.config.channels.woocommerce?.keys),
        webhookUrl: `${deps.config.publicUrl}/api/integrations/${channel}/webhooks`,
        topics: TOPICS[channel],
        lastWebhookAt: webhooks[0]?.receivedAt ?? null,
        lastError: failed ? { at: failed.receivedAt, detail: failed.outcomeDetail ?? failed.outcome } : null,
        lastPollAt: state?.lastPollAt ?? null,
        lastPollError: state?.lastPollError ?? null,
        whatsappConsent: {
          ...consent,
          metaKeys: channel === 'woocommerce' ? (deps.config.channels.woocommerce?.consentMetaKeys ?? null) : null,
        },
        recentWebhooks: webhooks.map((w) => ({
          id: w.id,
          topic: w.topic,
          externalId: w.externalId,
          orderId: w.orderId,
          orderNumber: w.orderNumber,
          outcome: w.outcome,
          detail: w.outcomeDetail,
          receivedAt: w.receivedAt,
        })),
        recentWritebacks: writebacks.map((w) => ({
          id: w.id,
          orderId: w.orderId,
          orderNumber: w.orderNumber,
          what: w.eventStatus ?? w.kind,
          state: w.state,
          attempts: w.attempts,
          lastError: w.lastError,
          userErrors: userErrorMessages(w.userErrors),
          updatedAt: w.updatedAt,
        })),
      };
    }),
  );
}
