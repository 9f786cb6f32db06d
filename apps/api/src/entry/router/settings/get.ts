import { z } from 'zod';
import { STAND_IN_PHONE_ID } from '../../../outbox/messaging/whatsapp.stand-in';
import { GO_LIVE_VARIABLES } from '../../../platform/config/go-live';
import { adminProcedure } from '../../trpc/init';

/**
 * What the person running the store needs to finish the setup: the webhook URLs to paste into
 * iCarry's panel (with the secret, which may have been generated and exists nowhere else) and
 * which channels are live. Admin-only; secrets other than the webhook URL's are never returned.
 */
export const settingsGetProcedure = adminProcedure
  .input(z.void())
  .output(
    z.object({
      mode: z.enum(['live', 'sandbox']),
      publicUrl: z.string(),
      webhooks: z.object({ statusUrl: z.string(), ndrUrl: z.string(), weightUrl: z.string() }),
      pickup: z.object({ pincode: z.string(), addressId: z.string() }),
      email: z.object({ configured: z.boolean(), from: z.string(), adminAlertsTo: z.string() }),
      whatsapp: z.object({
        configured: z.boolean(),
        /** Meta's webhook (receipts, quick replies): the URL for its app settings, and whether it can be verified. */
        webhookUrl: z.string(),
        appSecretConfigured: z.boolean(),
        verifyTokenConfigured: z.boolean(),
        standIn: z.boolean(),
      }),
      reconcile: z.object({ quietMinutes: z.number().int(), everyMinutes: z.number().int() }),
      /** Every variable README's "To go live" names, with what each one is (names only, never values). */
      goLive: z.array(z.object({ name: z.string(), what: z.string() }).strict()),
    }),
  )
  .query(({ ctx }) => {
    const { config } = ctx;
    const hook = (path: string) =>
      `${config.publicUrl}/api/webhooks/${path}?secret=${encodeURIComponent(ctx.secrets.webhookSecret)}`;
    return {
      mode: config.mode,
      publicUrl: config.publicUrl,
      webhooks: {
        statusUrl: hook('shipping-updates'),
        ndrUrl: hook('ndr-updates'),
        weightUrl: hook('shipping-updates'),
      },
      pickup: { pincode: config.pickupPincode, addressId: config.pickupAddressId },
      email: {
        configured: Boolean(config.mail.smtpUrl),
        from: config.mail.from,
        adminAlertsTo: config.mail.adminAlertsTo,
      },
      whatsapp: {
        configured: Boolean(config.whatsapp),
        webhookUrl: `${config.publicUrl}/api/webhooks/whatsapp`,
        appSecretConfigured: Boolean(ctx.secrets.whatsappAppSecret),
        verifyTokenConfigured: Boolean(ctx.secrets.whatsappVerifyToken),
        standIn: Boolean(
          config.whatsapp && config.mode === 'sandbox' && config.whatsapp.phoneNumberId === STAND_IN_PHONE_ID,
        ),
      },
      reconcile: config.reconcile,
      goLive: GO_LIVE_VARIABLES.map((v) => ({ name: v.name, what: v.what })),
    };
  });
