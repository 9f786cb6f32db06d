import type { BrandingFields } from '../branding/branding.service';
import type { Env } from './env';
import type { CodConfirmationPolicy } from './cod-confirmation-policy';
import { parseTrustProxy, type TrustProxySetting } from '../security/client-address';

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
  messageRetry: { limit: number; delaySeconds: number };
  /** A shipment left in `booking` this long was interrupted (crash, deploy): its outcome is unknown. */
  staleBookingMs: number;
  cookieSecure: boolean;
  inbox: { deferredGiveUpHours: number };
  /** Days before stored pushes, delivered messages' text and expired sessions are pruned. */
  retention: { inboxDays: number; messageDays: number };
  channels: {
    /** On when SHOPIFY_WEBHOOK_SECRET is set; write-back needs the Admin API token too. */
    shopify: ShopifyConfig | undefined;
    /** On when WOOCOMMERCE_WEBHOOK_SECRET is set; weights and write-back need the REST keys too. */
    woocommerce: WooCommerceConfig | undefined;
    /** Minutes between reconciliation polls of each channel. */
    pollEveryMinutes: number;
  };
  events: {
    allowPrivateUrls: boolean;
    timeoutMs: number;
    /** Seconds before each retry after the first attempt (the Standard Webhooks schedule, about 3 days). */
    retryScheduleSeconds: number[];
    /** An endpoint failing this long emails the admin. */
    alertAfterMs: number;
  };
  /** Express `trust proxy`: whose X-Forwarded-For names the client (rate limits count per client). */
  trustProxy: TrustProxySetting;
  /** What labels and the manifest print as the sender (a later branding page may override it). */
  store: { name: string; supportPhone: string | null; returnAddress: StoreAddress; returnAddressConfigured: boolean };
  bulkShip: {
    /** Bookings in flight per batch. */
    concurrency: number;
    /** How long a batch's driver holds it without renewing; a dead instance's batch is taken over after it. */
    leaseMs: number;
    /** Orders one batch may hold. */
    maxOrders: number;
  };
  labels: {
    /** Orders one labels.pdf request may name. */
    maxPerRequest: number;
    /** Fetching one of iCarry's label PDFs: timeout and size cap. */
    fetchTimeoutMs: number;
    maxPdfBytes: number;
    /** iCarry label calls and PDF fetches in flight per request. */
    concurrency: number;
    /**
     * Where label PDFs may be fetched from: exact origins (https://<ICARRY_LABEL_HOSTS>, or the
     * sandbox's own origin in sandbox mode) and whether their host may be on a private address.
     */
    sources: { origins: string[]; allowPrivateAddresses: boolean };
  };
  watchdog: { awaitingPickupHours: number; inTransitHours: number; ndrHours: number; digestHourIst: number };
  billing: { tolerancePaise: number };
  /** COD_CONFIRMATION (the admin's saved setting wins) and COD_CONFIRMATION_HOURS. */
  codConfirmation: { policy: CodConfirmationPolicy; hours: number };
  /** STORE_* defaults for the branding (null = not set); what an admin saves wins (branding.service.ts). */
  branding: BrandingFields;
}

export interface StoreAddress {
  name: string;
  addressLines: string[];
  city: string;
  state: string;
  pincode: string;
  phone: string | undefined;
}

export interface ShopifyConfig {
  shopDomain: string | undefined;
  webhookSecret: string;
  /** Admin GraphQL endpoint and token; undefined = no write-back (orders still come in). */
  admin: { url: string; token: string } | undefined;
  /** SHOPIFY_WHATSAPP_CONSENT: how its customers' WhatsApp consent is read (the admin's choice wins). */
  whatsappConsent: WhatsAppConsentSetting | undefined;
}

/** off: never from the channel; field: the channel's consent field; checkout: every customer (the store asks at checkout). */
export type WhatsAppConsentSetting = 'off' | 'field' | 'checkout';

export interface WooCommerceConfig {
  /** The site URL without a trailing slash; REST at `<url>/wp-json/wc/v3/...`. */
  url: string;
  webhookSecret: string;
  /** REST API keys; undefined = no weights from products and no write-back. */
  keys: { consumerKey: string; consumerSecret: string } | undefined;
  /** WOOCOMMERCE_WHATSAPP_CONSENT: how its customers' WhatsApp consent is read (the admin's choice wins). */
  whatsappConsent: WhatsAppConsentSetting | undefined;
  /** WOOCOMMERCE_WHATSAPP_CONSENT_META_KEYS: the order meta keys a WhatsApp opt-in is read from, first found wins. */
  consentMetaKeys: string[];
}

/** Standard Webhooks' recommended schedule after the immediate attempt: 5 s ... 24 h, about 75 h in all. */
export const EVENT_RETRY_SCHEDULE_SECONDS = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

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
    messageRetry: { limit: 8, delaySeconds: 5 },
    staleBookingMs: STALE_BOOKING_MS,
    cookieSecure: publicUrl.startsWith('https://'),
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    channels: {
      shopify: env.SHOPIFY_WEBHOOK_SECRET
        ? {
            shopDomain: env.SHOPIFY_SHOP_DOMAIN,
            webhookSecret: env.SHOPIFY_WEBHOOK_SECRET,
            admin: env.SHOPIFY_ADMIN_API_TOKEN
              ? {
                  url:
                    env.SHOPIFY_ADMIN_API_URL ??
                    `https://${env.SHOPIFY_SHOP_DOMAIN ?? ''}/admin/api/${env.SHOPIFY_API_VERSION}/graphql.json`,
                  token: env.SHOPIFY_ADMIN_API_TOKEN,
                }
              : undefined,
            whatsappConsent: env.SHOPIFY_WHATSAPP_CONSENT,
          }
        : undefined,
      woocommerce:
        env.WOOCOMMERCE_WEBHOOK_SECRET && env.WOOCOMMERCE_URL
          ? {
              url: env.WOOCOMMERCE_URL.replace(/\/+$/, ''),
              webhookSecret: env.WOOCOMMERCE_WEBHOOK_SECRET,
              keys:
                env.WOOCOMMERCE_CONSUMER_KEY && env.WOOCOMMERCE_CONSUMER_SECRET
                  ? { consumerKey: env.WOOCOMMERCE_CONSUMER_KEY, consumerSecret: env.WOOCOMMERCE_CONSUMER_SECRET }
                  : undefined,
              whatsappConsent: env.WOOCOMMERCE_WHATSAPP_CONSENT,
              consentMetaKeys: env.WOOCOMMERCE_WHATSAPP_CONSENT_META_KEYS,
            }
          : undefined,
      pollEveryMinutes: 15,
    },
    events: {
      allowPrivateUrls: env.EVENTS_ALLOW_PRIVATE_URLS,
      timeoutMs: 15_000,
      retryScheduleSeconds: EVENT_RETRY_SCHEDULE_SECONDS,
      alertAfterMs: 24 * 3600_000,
    },
    inbox: { deferredGiveUpHours: env.INBOX_DEFERRED_GIVE_UP_HOURS },
    retention: { inboxDays: env.INBOX_RETENTION_DAYS, messageDays: env.MESSAGE_RETENTION_DAYS },
    store: storeConfig(env, live),
    bulkShip: { concurrency: env.BULK_SHIP_CONCURRENCY, leaseMs: 60_000, maxOrders: 1000 },
    labels: {
      maxPerRequest: 250,
      fetchTimeoutMs: 10_000,
      maxPdfBytes: 5 * 1024 * 1024,
      concurrency: 8,
      // Sandbox mode: none until the runtime knows the sandbox's origin (entry/runtime.ts sets it).
      sources: {
        origins: live ? env.ICARRY_LABEL_HOSTS.map((host) => new URL(`https://${host}/`).origin) : [],
        allowPrivateAddresses: false,
      },
    },
    watchdog: {
      awaitingPickupHours: env.STUCK_AWAITING_PICKUP_HOURS,
      inTransitHours: env.STUCK_IN_TRANSIT_HOURS,
      ndrHours: env.STUCK_NDR_HOURS,
      digestHourIst: env.STUCK_DIGEST_HOUR,
    },
    billing: { tolerancePaise: env.BILLING_TOLERANCE_PAISE },
    codConfirmation: { policy: env.COD_CONFIRMATION, hours: env.COD_CONFIRMATION_HOURS },
    branding: {
      storeName: env.STORE_NAME ?? null,
      logoUrl: env.STORE_LOGO_URL ?? null,
      brandColor: env.STORE_BRAND_COLOR ?? null,
      supportPhone: env.STORE_SUPPORT_PHONE ?? null,
      supportEmail: env.STORE_SUPPORT_EMAIL ?? null,
      storeUrl: env.STORE_URL ?? null,
    },
  };
}

/**
 * The sender on labels and manifests. Without STORE_ADDRESS_* a live store's label names its iCarry
 * warehouse (where iCarry returns parcels anyway); the sandbox prints a demo warehouse.
 */
function storeConfig(env: Env, live: boolean): AppConfig['store'] {
  const name = env.STORE_NAME ?? (live ? 'Our store' : 'Sandbox Store');
  const pincode = env.ICARRY_PICKUP_PINCODE ?? SANDBOX_PICKUP_PINCODE;
  const phone = env.STORE_SUPPORT_PHONE;
  if (env.STORE_ADDRESS_LINE1 && env.STORE_ADDRESS_CITY && env.STORE_ADDRESS_STATE) {
    return {
      name,
      supportPhone: phone ?? null,
      returnAddressConfigured: true,
      returnAddress: {
        name,
        addressLines: [env.STORE_ADDRESS_LINE1, env.STORE_ADDRESS_LINE2].filter((l): l is string => Boolean(l)),
        city: env.STORE_ADDRESS_CITY,
        state: env.STORE_ADDRESS_STATE,
        pincode,
        phone,
      },
    };
  }
  const returnAddress = live
    ? {
        name,
        addressLines: [`iCarry pickup address ${env.ICARRY_PICKUP_ADDRESS_ID ?? ''}`.trim()],
        city: 'As registered with iCarry',
        state: '-',
        pincode,
        phone,
      }
    : {
        name,
        addressLines: ['Sandbox Warehouse, 1 MG Road'],
        city: 'Bengaluru',
        state: 'Karnataka',
        pincode,
        phone: phone ?? '8040000000',
      };
  return { name, supportPhone: phone ?? null, returnAddressConfigured: false, returnAddress };
}

function trustProxySetting(raw: string | undefined): TrustProxySetting {
  const parsed = parseTrustProxy(raw);
  return parsed.ok ? parsed.value : false;
}
