import type { Env } from './env';
import { parseTrustProxy, type TrustProxySetting } from './security/client-address';

/** What the services need from the environment, resolved once: no service reads Env directly. */
export interface AppConfig {
  mode: 'live' | 'sandbox';
  publicUrl: string;
  pickupPincode: string;
  pickupAddressId: string;
  icarryTimeoutMs: number;
  box: { lengthCm: number; breadthCm: number; heightCm: number };
  mail: { from: string; adminAlertsTo: string; smtpUrl: string | undefined };
  whatsapp: { token: string; phoneNumberId: string; apiUrl: string } | undefined;
  reconcile: { quietMinutes: number; everyMinutes: number };
  /** Public tracking lookups per client address per minute. */
  trackingLookupsPerMinute: number;
  /** REST Orders API calls allowed per store API key per minute. */
  apiRequestsPerMinute: number;
  /** Seconds between message delivery retries (doubled each time, capped). */
  messageRetry: { limit: number; delaySeconds: number; maxDelaySeconds: number };
  /** A shipment left in `booking` this long was interrupted (crash, deploy): its outcome is unknown. */
  staleBookingMs: number;
  cookieSecure: boolean;
  inbox: { deferredGiveUpHours: number };
  /** Days before stored pushes, delivered messages' text and expired sessions are pruned. */
  retention: { inboxDays: number; messageDays: number };
  /** Express `trust proxy`: whose X-Forwarded-For names the client (rate limits count per client). */
  trustProxy: TrustProxySetting;
}

/** Default for `staleBookingMs` (tests and the crash drill shorten it through `configure`). */
export const STALE_BOOKING_MS = 2 * 60 * 1000;

/** The sandbox's warehouse: any booking from another id gets iCarry's "no AWB" treatment. */
export const SANDBOX_PICKUP_ADDRESS_ID = '1001';
export const SANDBOX_PICKUP_PINCODE = '560001';

export function buildConfig(env: Env, listenPort: number): AppConfig {
  const live = Boolean(env.ICARRY_USERNAME && env.ICARRY_API_KEY);
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${listenPort}`).replace(/\/+$/, '');
  const from = env.EMAIL_FROM ?? 'orders@example.com';
  return {
    mode: live ? 'live' : 'sandbox',
    publicUrl,
    pickupPincode: env.ICARRY_PICKUP_PINCODE ?? SANDBOX_PICKUP_PINCODE,
    pickupAddressId: env.ICARRY_PICKUP_ADDRESS_ID ?? SANDBOX_PICKUP_ADDRESS_ID,
    icarryTimeoutMs: env.ICARRY_TIMEOUT_MS,
    box: { lengthCm: 10, breadthCm: 10, heightCm: 10 },
    mail: { from, adminAlertsTo: env.EMAIL_FEEDBACK_TO ?? from, smtpUrl: env.SMTP_URL },
    whatsapp:
      env.WHATSAPP_TOKEN && env.WHATSAPP_PHONE_NUMBER_ID
        ? {
            token: env.WHATSAPP_TOKEN,
            phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID,
            apiUrl: env.WHATSAPP_API_URL ?? 'https://graph.facebook.com/v25.0',
          }
        : undefined,
    reconcile: { quietMinutes: env.RECONCILE_QUIET_MINUTES, everyMinutes: env.RECONCILE_EVERY_MINUTES },
    trackingLookupsPerMinute: env.TRACKING_LOOKUPS_PER_MINUTE,
    apiRequestsPerMinute: env.API_REQUESTS_PER_MINUTE,
    messageRetry: { limit: 8, delaySeconds: 5, maxDelaySeconds: 900 },
    staleBookingMs: STALE_BOOKING_MS,
    cookieSecure: publicUrl.startsWith('https://'),
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    inbox: { deferredGiveUpHours: env.INBOX_DEFERRED_GIVE_UP_HOURS },
    retention: { inboxDays: env.INBOX_RETENTION_DAYS, messageDays: env.MESSAGE_RETENTION_DAYS },
  };
}

function trustProxySetting(raw: string | undefined): TrustProxySetting {
  const parsed = parseTrustProxy(raw);
  return parsed.ok ? parsed.value : false;
}
