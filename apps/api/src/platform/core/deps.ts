import type { DB } from '@app/db';
import type { ICarryClient } from '@app/shipping';
import type { Kysely } from 'kysely';
import type { Clock } from './clock';
import type { AppConfig } from '../config/config';
import type { JobQueue } from './job-queue';
import type { KickedLoop } from './kicked-loop';
import type { Logger } from './logger';
import type { SandboxControl } from '../config/sandbox-mode';

/** Applies stored webhook deliveries off the request (a kicked loop: platform/core/kicked-loop.ts). */
export type InboxApplier = KickedLoop;

/** Everything a service needs, built once at start-up (see runtime.ts) and shared by requests and jobs. */
export interface AppDeps {
  db: Kysely<DB>;
  config: AppConfig;
  /** Null only when no iCarry account is configured and the sandbox is off (tests can do this). */
  icarry: ICarryClient | null;
  logger: Logger;
  clock: Clock;
  queue: JobQueue;
  secrets: {
    appSecret: string;
    webhookSecret: string;
    icarryApiKey: string | undefined;
    /** Checks Meta's webhook signatures (WHATSAPP_APP_SECRET, or the sandbox stand-in's); unset = webhooks refused. */
    whatsappAppSecret?: string | undefined;
    /** Meta's subscribe handshake token (WHATSAPP_VERIFY_TOKEN). */
    whatsappVerifyToken?: string | undefined;
  };
  /** Present in sandbox mode: lets the admin panel drive the simulated couriers. */
  sandbox: SandboxControl | undefined;
  /** The in-process webhook applier; the route kicks it after each stored push. */
  inbox: InboxApplier;
  /** Applies stored WhatsApp webhooks (customer/whatsapp-inbox); kicked by its route. */
  whatsappInbox: InboxApplier;
  /** Applies stored Shopify and WooCommerce deliveries (intake/channels); kicked by their route. */
  channelInbox: InboxApplier;
}
