import { z } from 'zod';
import { CONSENT_POLICIES, saveChannelConsentPolicy } from '../../../intake/channels/channel-consent';
import { adminProcedure } from '../../trpc/init';

/**
 * The store's choice for a channel's customers and WhatsApp (docs/integrations.md): `off` (the
 * default), `field` (read the channel's consent field) or `checkout` (the store collects WhatsApp
 * consent at checkout: every customer of the channel is opted in). Wins over the environment's.
 */
export const setWhatsappConsentProcedure = adminProcedure
  .input(z.object({ channel: z.enum(['shopify', 'woocommerce']), policy: z.enum(CONSENT_POLICIES) }))
  .output(z.object({ channel: z.enum(['shopify', 'woocommerce']), policy: z.enum(CONSENT_POLICIES) }))
  .mutation(async ({ ctx, input }) => {
    await saveChannelConsentPolicy(ctx.deps, input.channel, input.policy);
    ctx.deps.logger.info(
      { channel: input.channel, policy: input.policy, adminId: ctx.admin.id },
      '[CHANNELS] WhatsApp consent setting changed',
    );
    return input;
  });
