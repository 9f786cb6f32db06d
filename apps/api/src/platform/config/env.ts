import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseDotenv } from 'dotenv';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  brandColorProblem,
  logoUrlProblem,
  supportEmailProblem,
  supportPhoneProblem,
  webUrlProblem,
} from '../branding/branding.rules';
import { parseTrustProxy } from '../security/client-address';
import { MIN_PASSWORD_LENGTH } from '../security/password-rules';
import { parseCodConfirmationPolicy } from './cod-confirmation-policy';

/**
 * The repository root: the nearest folder above this module whose package.json declares the npm
 * workspaces. Found by looking, not by counting folders, so it holds for the sources wherever this
 * module sits and for the bundle in apps/api/dist.
 */
export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = resolve(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object)) return dir;
    if (dirname(dir) === dir) throw new Error(`no workspace root above ${from}`);
  }
}

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

function consentSetting(name: string) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.enum(['off', 'field', 'checkout'], { error: `${name} must be off, field or checkout` }).optional());
}

const optionalUrl = (name: string) =>
  optionalText.refine((v) => v === undefined || URL.canParse(v), {
    message: `${name} must be a full URL, e.g. https://example.com`,
  });

/** An optional text that must pass `problem` (the branding rules), with the variable named in the error. */
const checkedText = (name: string, problem: (value: string) => string | null, transform?: (v: string) => string) =>
  optionalText
    .transform((v) => (v === undefined || !transform ? v : transform(v)))
    .superRefine((v, ctx) => {
      const reason = v === undefined ? null : problem(v);
      if (reason) ctx.addIssue({ code: 'custom', message: `${name}: ${reason}` });
    });

/** Where iCarry serves label PDFs from (shared/reference/icarry-api.md: every call and page is on www.icarry.in). */
export const DEFAULT_LABEL_HOSTS = 'www.icarry.in';

/** A host name, optionally with a port, and nothing else (no scheme, path or credentials). */
function isPlainHost(host: string): boolean {
  if (!/^[a-z0-9.:[\]-]+$/.test(host) || !URL.canParse(`https://${host}/`)) return false;
  const url = new URL(`https://${host}/`);
  return url.host === host && url.pathname === '/';
}

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    PUBLIC_URL: optionalUrl('PUBLIC_URL'),
    // Proxy hops (or addresses/CIDRs) whose X-Forwarded-For is believed; unset = none.
    TRUST_PROXY: optionalText,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    DATABASE_URL: optionalUrl('DATABASE_URL'),
    PGLITE_DIR: z.string().default('.data/pglite'),

    ICARRY_USERNAME: optionalText,
    ICARRY_API_KEY: optionalText,
    ICARRY_BASE_URL: optionalUrl('ICARRY_BASE_URL'),
    ICARRY_PICKUP_PINCODE: optionalText.refine((v) => v === undefined || /^[1-9]\d{5}$/.test(v), {
      message: 'ICARRY_PICKUP_PINCODE must be a 6-digit Indian pincode',
    }),
    ICARRY_PICKUP_ADDRESS_ID: optionalText.refine((v) => v === undefined || /^\d+$/.test(v), {
      message: 'ICARRY_PICKUP_ADDRESS_ID must be the numeric warehouse id from the iCarry panel',
    }),
    ICARRY_WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, {
      message: 'ICARRY_WEBHOOK_SECRET must be at least 16 characters',
    }),
    // Hosts iCarry's label PDFs may be fetched from (https only); any other URL in its answer gets our own label.
    ICARRY_LABEL_HOSTS: z
      .string()
      .trim()
      .default(DEFAULT_LABEL_HOSTS)
      .transform((v) =>
        (v === '' ? DEFAULT_LABEL_HOSTS : v)
          .split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      )
      .superRefine((hosts, ctx) => {
        for (const host of hosts) {
          if (!isPlainHost(host))
            ctx.addIssue({
              code: 'custom',
              message: `ICARRY_LABEL_HOSTS entry "${host.slice(0, 60)}" is not a host name (e.g. www.icarry.in, or host:port)`,
            });
        }
      }),
    ICARRY_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(30_000),
    SANDBOX_AUTO_ADVANCE_MS: z.coerce.number().int().min(0).default(0),

    EMAIL_FROM: optionalText.refine((v) => v === undefined || v.includes('@'), {
      message: 'EMAIL_FROM must be an email address',
    }),
    EMAIL_FEEDBACK_TO: optionalText.refine((v) => v === undefined || v.includes('@'), {
      message: 'EMAIL_FEEDBACK_TO must be an email address',
    }),
    SMTP_URL: optionalUrl('SMTP_URL'),

    WHATSAPP_TOKEN: optionalText,
    WHATSAPP_PHONE_NUMBER_ID: optionalText,
    WHATSAPP_API_URL: optionalUrl('WHATSAPP_API_URL'),
    // Meta's app secret (signs the status and reply webhooks) and the token its subscribe handshake sends.
    WHATSAPP_APP_SECRET: optionalText,
    WHATSAPP_VERIFY_TOKEN: optionalText,
    // Sandbox mode only: a local WhatsApp stand-in that accepts sends and posts signed receipts back.
    SANDBOX_WHATSAPP: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'true')),

    // Branding defaults (a setting saved in the admin wins).
    STORE_NAME: checkedText('STORE_NAME', (v) => (v.length <= 80 ? null : 'at most 80 characters')),
    STORE_LOGO_URL: checkedText('STORE_LOGO_URL', logoUrlProblem),
    STORE_BRAND_COLOR: checkedText('STORE_BRAND_COLOR', brandColorProblem, (v) => v.toLowerCase()),
    STORE_SUPPORT_PHONE: checkedText('STORE_SUPPORT_PHONE', supportPhoneProblem),
    STORE_SUPPORT_EMAIL: checkedText('STORE_SUPPORT_EMAIL', supportEmailProblem),
    STORE_URL: checkedText('STORE_URL', webUrlProblem),

    ADMIN_EMAIL: optionalText.refine((v) => v === undefined || v.includes('@'), {
      message: 'ADMIN_EMAIL must be an email address',
    }),
    ADMIN_PASSWORD: optionalText.refine((v) => v === undefined || v.length >= MIN_PASSWORD_LENGTH, {
      message: `ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`,
    }),
    APP_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, {
      message: 'APP_SECRET must be at least 32 characters',
    }),

    // Public tracking lookups allowed per client address per minute (guesses of phone digits have their own, fixed limit).
    TRACKING_LOOKUPS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
    // A push naming a shipment we do not know waits this long for it, then stops waiting.
    INBOX_DEFERRED_GIVE_UP_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(72),
    // Stored webhook bodies and delivered messages' text are kept this many days.
    INBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    MESSAGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
    // REST Orders API calls per store API key per minute (a storefront's bursts, not a scraper's).
    API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    RECONCILE_QUIET_MINUTES: z.coerce.number().int().min(1).default(120),
    RECONCILE_EVERY_MINUTES: z.coerce.number().int().min(1).max(59).default(10),
    // The return address printed on labels and the pickup manifest (pincode: ICARRY_PICKUP_PINCODE).
    STORE_ADDRESS_LINE1: optionalText,
    STORE_ADDRESS_LINE2: optionalText,
    STORE_ADDRESS_CITY: optionalText,
    STORE_ADDRESS_STATE: optionalText,
    // Bulk ship: orders booked at once per batch (iCarry calls in flight).
    BULK_SHIP_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(4),
    // Stuck-shipment watchdog: hours without carrier movement per stage, and the IST hour of the daily digest.
    STUCK_AWAITING_PICKUP_HOURS: z.coerce.number().int().min(1).max(720).default(48),
    STUCK_IN_TRANSIT_HOURS: z.coerce.number().int().min(1).max(720).default(72),
    STUCK_NDR_HOURS: z.coerce.number().int().min(1).max(720).default(24),
    STUCK_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(9),
    // COD confirmation (DESIGN "Talking to the customer before the courier"): which COD orders the
    // customer is asked to confirm (off, all, above:<rupees>; the admin's setting wins), and how long
    // a request waits before it counts as expired.
    COD_CONFIRMATION: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v === undefined || v === '' ? 'off' : v))
      .pipe(
        z.string().transform((v, ctx) => {
          const policy = parseCodConfirmationPolicy(v);
          if (policy) return policy;
          ctx.addIssue({
            code: 'custom',
            message: 'COD_CONFIRMATION must be off, all or above:<rupees> (e.g. above:1500)',
          });
          return z.NEVER;
        }),
      ),
    COD_CONFIRMATION_HOURS: z.coerce
      .number({ error: 'COD_CONFIRMATION_HOURS must be a whole number of hours' })
      .int('COD_CONFIRMATION_HOURS must be a whole number of hours')
      .min(1, 'COD_CONFIRMATION_HOURS must be at least 1')
      .max(720, 'COD_CONFIRMATION_HOURS must be at most 720 (30 days)')
      .default(24),
    // Billing: a bill this many paise above (or below) the quote is flagged.
    BILLING_TOLERANCE_PAISE: z.coerce.number().int().min(0).max(10_000_000).default(1000),
    // Store channels (DESIGN "Store channels"): each is off while its webhook secret is unset.
    SHOPIFY_SHOP_DOMAIN: optionalText.refine((v) => v === undefined || /^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$/i.test(v), {
      message: 'SHOPIFY_SHOP_DOMAIN must be the shop host, e.g. your-store.myshopify.com',
    }),
    SHOPIFY_WEBHOOK_SECRET: optionalText,
    SHOPIFY_ADMIN_API_TOKEN: optionalText,
    SHOPIFY_API_VERSION: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}$|^unstable$/, 'SHOPIFY_API_VERSION must look like 2025-10')
      .default('2025-10'),
    SHOPIFY_ADMIN_API_URL: optionalUrl('SHOPIFY_ADMIN_API_URL'),
    WOOCOMMERCE_URL: optionalUrl('WOOCOMMERCE_URL'),
    WOOCOMMERCE_CONSUMER_KEY: optionalText,
    WOOCOMMERCE_CONSUMER_SECRET: optionalText,
    WOOCOMMERCE_WEBHOOK_SECRET: optionalText,
    // WhatsApp consent of the channels' customers (docs/integrations.md): off (default), field (the
    // channel's consent field), checkout (the store collects WhatsApp consent at checkout).
    SHOPIFY_WHATSAPP_CONSENT: consentSetting('SHOPIFY_WHATSAPP_CONSENT'),
    WOOCOMMERCE_WHATSAPP_CONSENT: consentSetting('WOOCOMMERCE_WHATSAPP_CONSENT'),
    WOOCOMMERCE_WHATSAPP_CONSENT_META_KEYS: z
      .string()
      .trim()
      .optional()
      .transform((v) =>
        v
          ? v
              .split(',')
              .map((k) => k.trim())
              .filter(Boolean)
          : ['_wc_whatsapp_opt_in', 'whatsapp_opt_in'],
      )
      .pipe(
        z
          .array(
            z
              .string()
              .max(255)
              .regex(/^[\w.:-]+$/, 'meta keys are letters, digits, _ . : -'),
          )
          .min(1)
          .max(10),
      ),
    // Event endpoints on loopback or private networks (tests, a backend on the same host); default off.
    EVENTS_ALLOW_PRIVATE_URLS: z
      .enum(['true', 'false', '1', '0'])
      .optional()
      .transform((v) => v === 'true' || v === '1'),
    // Demo orders in an empty database: default on in sandbox mode, off with a live iCarry account
    // (they carry real-looking mobiles and made-up iCarry ids a live poller would ask about).
    SEED_DEMO_DATA: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'true')),
  })
  .superRefine((env, ctx) => {
    const trustProxy = parseTrustProxy(env.TRUST_PROXY);
    if (!trustProxy.ok) ctx.addIssue({ code: 'custom', path: ['TRUST_PROXY'], message: trustProxy.message });
    if (Boolean(env.ICARRY_USERNAME) !== Boolean(env.ICARRY_API_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ICARRY_USERNAME ? 'ICARRY_API_KEY' : 'ICARRY_USERNAME'],
        message: 'set both ICARRY_USERNAME and ICARRY_API_KEY for a live iCarry account, or neither for the sandbox',
      });
    }
    if (env.ICARRY_USERNAME && !env.ICARRY_PICKUP_ADDRESS_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['ICARRY_PICKUP_ADDRESS_ID'],
        message: 'required with a live iCarry account (the warehouse id to book from)',
      });
    }
    if (env.ICARRY_USERNAME && !env.ICARRY_PICKUP_PINCODE) {
      ctx.addIssue({
        code: 'custom',
        path: ['ICARRY_PICKUP_PINCODE'],
        message: 'required with a live iCarry account (origin for estimates)',
      });
    }
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'],
        message: 'set ADMIN_EMAIL and ADMIN_PASSWORD together',
      });
    }
    const address = [env.STORE_ADDRESS_LINE1, env.STORE_ADDRESS_CITY, env.STORE_ADDRESS_STATE];
    if (address.some(Boolean) && !address.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: [
          env.STORE_ADDRESS_LINE1
            ? env.STORE_ADDRESS_CITY
              ? 'STORE_ADDRESS_STATE'
              : 'STORE_ADDRESS_CITY'
            : 'STORE_ADDRESS_LINE1',
        ],
        message:
          'set STORE_ADDRESS_LINE1, STORE_ADDRESS_CITY and STORE_ADDRESS_STATE together (the return address on labels)',
      });
    }
    if (env.SHOPIFY_ADMIN_API_TOKEN && !env.SHOPIFY_SHOP_DOMAIN && !env.SHOPIFY_ADMIN_API_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SHOPIFY_SHOP_DOMAIN'],
        message: 'required with SHOPIFY_ADMIN_API_TOKEN (the shop whose Admin API the token opens)',
      });
    }
    if (env.WOOCOMMERCE_WEBHOOK_SECRET && !env.WOOCOMMERCE_URL) {
      ctx.addIssue({ code: 'custom', path: ['WOOCOMMERCE_URL'], message: 'required with WOOCOMMERCE_WEBHOOK_SECRET' });
    }
    if (Boolean(env.WOOCOMMERCE_CONSUMER_KEY) !== Boolean(env.WOOCOMMERCE_CONSUMER_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.WOOCOMMERCE_CONSUMER_KEY ? 'WOOCOMMERCE_CONSUMER_SECRET' : 'WOOCOMMERCE_CONSUMER_KEY'],
        message: 'set WOOCOMMERCE_CONSUMER_KEY and WOOCOMMERCE_CONSUMER_SECRET together (REST API keys, ck_/cs_)',
      });
    }
    if (env.WHATSAPP_TOKEN && !env.WHATSAPP_PHONE_NUMBER_ID) {
      ctx.addIssue({ code: 'custom', path: ['WHATSAPP_PHONE_NUMBER_ID'], message: 'required with WHATSAPP_TOKEN' });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override readonly name = 'EnvError';
}

/** Parses a raw environment; throws EnvError naming each bad variable and what is wrong. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** The environment as the process sees it, with `.env` at the repository root filling gaps (the environment wins). */
export function loadEnv(): Env {
  const file = resolve(REPO_ROOT, '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  return parseEnv({ ...fromFile, ...process.env });
}
