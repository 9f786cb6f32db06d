import { z } from 'zod';
import { CONSENT_POLICIES } from '../../../intake/channels/channel-consent';
import { channelOverviews } from '../../../intake/channels/channel-overview.view';
import { adminProcedure } from '../../trpc/init';

const channelOverview = z.object({
  channel: z.enum(['shopify', 'woocommerce']),
  label: z.string(),
  configured: z.boolean(),
  writeBackConfigured: z.boolean(),
  webhookUrl: z.string(),
  topics: z.array(z.string()),
  lastWebhookAt: z.date().nullable(),
  lastError: z.object({ at: z.date(), detail: z.string() }).nullable(),
  lastPollAt: z.date().nullable(),
  lastPollError: z.string().nullable(),
  whatsappConsent: z.object({
    policy: z.enum(CONSENT_POLICIES),
    setBy: z.enum(['admin', 'env', 'default']),
    metaKeys: z.array(z.string()).nullable(),
  }),
  recentWebhooks: z.array(
    z.object({
      id: z.string(),
      topic: z.string(),
      externalId: z.string().nullable(),
      orderId: z.string().nullable(),
      orderNumber: z.string().nullable(),
      outcome: z.string(),
      detail: z.string().nullable(),
      receivedAt: z.date(),
    }),
  ),
  recentWritebacks: z.array(
    z.object({
      id: z.string(),
      orderId: z.string(),
      orderNumber: z.string(),
      what: z.string(),
      state: z.string(),
      attempts: z.number(),
      lastError: z.string().nullable(),
      userErrors: z.array(z.string()),
      updatedAt: z.date(),
    }),
  ),
});

/** Each store channel: configured or not, the URL to paste into the store, recent webhooks and write-backs. */
export const integrationsOverviewProcedure = adminProcedure
  .input(z.void())
  .output(z.array(channelOverview))
  .query(({ ctx }) => channelOverviews(ctx.deps));
