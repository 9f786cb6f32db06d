import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@app/db/testing';
import { startSandbox, type Sandbox, type SandboxOptions } from '@app/shipping/sandbox';

/** The admin every API process of a world creates from ADMIN_EMAIL/ADMIN_PASSWORD. */
export const WORLD_ADMIN = { email: 'ops@reliability.example', password: 'reliability-admin-pass-7731' };

export interface World {
  database: TestDatabase;
  sandbox: Sandbox;
  /** Secrets the processes are configured with (known, so tests can look for them). */
  secrets: { apiKey: string; webhookSecret: string; appSecret: string };
  /** Environment for an API process on this world: same PostgreSQL, same iCarry account (the sandbox). */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Points the sandbox's webhooks at an API process. */
  pushTo(apiUrl: string): void;
  close(): Promise<void>;
}

/**
 * What several API processes share: one fresh PostgreSQL database and one iCarry sandbox running
 * in the test process (so the test can count bookings and inject faults), as a live account.
 */
export async function startWorld(options: { sandbox?: SandboxOptions } = {}): Promise<World> {
  const database = await createTestDatabase('postgres');
  return worldOn(database, options);
}

/** The sandbox and secrets only: the API processes bring their own database (PGlite folders). */
export async function startSandboxWorld(options: { sandbox?: SandboxOptions } = {}): Promise<Omit<World, 'database'>> {
  return worldOn(null, options);
}

async function worldOn(database: TestDatabase, options: { sandbox?: SandboxOptions }): Promise<World>;
async function worldOn(database: null, options: { sandbox?: SandboxOptions }): Promise<Omit<World, 'database'>>;
async function worldOn(
  database: TestDatabase | null,
  options: { sandbox?: SandboxOptions },
): Promise<World | Omit<World, 'database'>> {
  const secrets = {
    apiKey: `rel-api-key-${randomBytes(16).toString('hex')}`,
    webhookSecret: `rel-hook-${randomBytes(12).toString('hex')}`,
    appSecret: `rel-app-${randomBytes(24).toString('hex')}`,
  };
  const sandbox = await startSandbox({
    username: 'ela77001',
    apiKey: secrets.apiKey,
    pickupAddressId: '1001',
    pickupPincode: '560001',
    ...options.sandbox,
  });
  const url = database?.url;
  if (database && !url) throw new Error('expected a PostgreSQL test database');
  return {
    ...(database ? { database } : {}),
    sandbox,
    secrets,
    env: (extra = {}) => ({
      ...(url ? { DATABASE_URL: url } : {}),
      ICARRY_USERNAME: sandbox.credentials.username,
      ICARRY_API_KEY: secrets.apiKey,
      ICARRY_BASE_URL: sandbox.url,
      ICARRY_PICKUP_ADDRESS_ID: sandbox.credentials.pickupAddressId,
      ICARRY_PICKUP_PINCODE: sandbox.credentials.pickupPincode,
      ICARRY_WEBHOOK_SECRET: secrets.webhookSecret,
      ICARRY_TIMEOUT_MS: '5000',
      APP_SECRET: secrets.appSecret,
      ADMIN_EMAIL: WORLD_ADMIN.email,
      ADMIN_PASSWORD: WORLD_ADMIN.password,
      ...extra,
    }),
    pushTo: (apiUrl) => {
      const hook = (path: string) =>
        `${apiUrl}/api/webhooks/${path}?secret=${encodeURIComponent(secrets.webhookSecret)}`;
      sandbox.control.setWebhooks({
        statusUrl: hook('shipping-updates'),
        ndrUrl: hook('ndr-updates'),
        weightUrl: hook('shipping-updates'),
      });
    },
    close: async () => {
      await sandbox.close();
      await database?.close();
    },
  };
}
