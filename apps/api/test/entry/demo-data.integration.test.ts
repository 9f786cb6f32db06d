import { countOrdersByStatus, DEMO_HISTORY_ORDERS } from '@app/db';
import { createTestDatabase } from '@app/db/testing';
import { startSandbox } from '@app/shipping/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack } from '../../src/testing/index';

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe('demo data on a fresh database', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    // A stand-in for iCarry's real API, reached as a live account would reach it.
    sandbox = await startSandbox({ username: 'live-store', apiKey: 'live-key-0123456789', pickupAddressId: '4242' });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('with live iCarry credentials starts with no orders at all', async () => {
    const database = await createTestDatabase('pglite');
    const stack = await startTestStack({
      database,
      seed: 'mode-default',
      env: {
        ICARRY_USERNAME: 'live-store',
        ICARRY_API_KEY: 'live-key-0123456789',
        ICARRY_PICKUP_ADDRESS_ID: '4242',
        ICARRY_PICKUP_PINCODE: '560001',
        ICARRY_BASE_URL: sandbox.url,
      },
    });
    try {
      expect(stack.runtime.deps.config.mode).toBe('live');
      expect(stack.runtime.demoData).toBe('off');
      expect(total(await countOrdersByStatus(database.db))).toBe(0);
    } finally {
      await stack.close();
      await database.close();
    }
  });

  it('in sandbox mode seeds the demo set once', async () => {
    const database = await createTestDatabase('pglite');
    const first = await startTestStack({ database, seed: 'mode-default' });
    try {
      expect(first.runtime.deps.config.mode).toBe('sandbox');
      expect(first.runtime.demoData).toBe('seeded');
      expect(total(await countOrdersByStatus(database.db))).toBe(60 + DEMO_HISTORY_ORDERS);
    } finally {
      await first.close();
    }
    const second = await startTestStack({ database, seed: 'mode-default' });
    try {
      expect(second.runtime.demoData).toBe('kept');
      expect(total(await countOrdersByStatus(database.db))).toBe(60 + DEMO_HISTORY_ORDERS);
    } finally {
      await second.close();
      await database.close();
    }
  });
});
