import { listMessagesForOrder } from '@app/db';
import { insertCustomer, insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z, ZodError } from 'zod';
import { getBranding } from '../../src/platform/branding/branding.service';
import { startTestStack, testDatabaseKinds, waitFor, type TestStack } from '../../src/testing/index';

describe.each(testDatabaseKinds())('branding on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({
      kind,
      env: { STORE_NAME: 'Env Foods', STORE_BRAND_COLOR: '#1D4ED8', STORE_SUPPORT_EMAIL: 'env@store.example' },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const blank = { storeName: '', logoUrl: '', brandColor: '', supportPhone: '', supportEmail: '', storeUrl: '' };

  it('STORE_* are the defaults; what the admin saves wins; an empty field goes back to the default', async () => {
    expect(await getBranding(stack.runtime.deps)).toMatchObject({
      storeName: 'Env Foods',
      brandColor: '#1d4ed8',
      supportEmail: 'env@store.example',
      logoUrl: null,
    });
    const saved = await stack.adminCaller.settings.branding.update({
      ...blank,
      storeName: '  Kaveri Foods ',
      supportPhone: '+91 80 4567 8900',
    });
    expect(saved.effective).toMatchObject({
      storeName: 'Kaveri Foods',
      brandColor: '#1d4ed8',
      supportPhone: '+91 80 4567 8900',
      supportEmail: 'env@store.example',
    });
    expect(saved.saved.brandColor).toBeNull();
    expect(saved.defaults.storeName).toBe('Env Foods');
    await stack.adminCaller.settings.branding.update(blank);
    expect((await getBranding(stack.runtime.deps)).storeName).toBe('Env Foods');
  });

  it('refuses colours white text cannot be read on and links that are not http(s), with the reason, and keeps what was saved', async () => {
    await stack.adminCaller.settings.branding.update({ ...blank, storeName: 'Kept Foods' });
    const refused = await stack.adminCaller.settings.branding
      .update({ ...blank, storeName: 'Other', brandColor: '#facc15', logoUrl: 'javascript:alert(1)' })
      .then(
        () => null,
        (e: unknown) => e as { code: string; cause?: unknown },
      );
    expect(refused?.code).toBe('BAD_REQUEST');
    if (!(refused?.cause instanceof ZodError)) throw new Error('expected the schema to refuse it');
    const fields = z.flattenError(refused.cause).fieldErrors as Record<string, string[] | undefined>;
    expect(fields.brandColor?.[0]).toMatch(/Too light for white text/);
    expect(fields.logoUrl?.[0]).toMatch(/http/);
    expect((await getBranding(stack.runtime.deps)).storeName).toBe('Kept Foods');
  });

  it('over HTTP: an http:// logo is a 400 naming logoUrl and nothing is saved; the admin may show https logos', async () => {
    const login = await fetch(`${stack.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(stack.adminCredentials),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const save = (logoUrl: string) =>
      fetch(`${stack.url}/trpc/settings.branding.update`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ ...blank, storeName: 'Logo Foods', logoUrl }),
      });
    const refused = await save('http://cdn.store.example/logo.png');
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { data: { fieldErrors: Record<string, string[]> | null } } };
    expect(body.error.data.fieldErrors?.logoUrl?.[0]).toMatch(/https:\/\//);
    expect((await getBranding(stack.runtime.deps)).logoUrl).toBeNull();
    expect((await save('https://cdn.store.example/logo.png')).status).toBe(200);
    expect((await getBranding(stack.runtime.deps)).logoUrl).toBe('https://cdn.store.example/logo.png');

    // The admin's own Content-Security-Policy lets its Branding preview load an https logo.
    const admin = await fetch(`${stack.url}/healthz`);
    const imgSrc = /img-src ([^;]+)/.exec(admin.headers.get('content-security-policy') ?? '')?.[1] ?? '';
    expect(imgSrc.split(' ')).toContain('https:');
    expect(imgSrc.split(' ')).not.toContain('http:');
    await stack.adminCaller.settings.branding.update(blank);
  });

  it('the customer’s emails are signed with the store’s name and support contact', async () => {
    await stack.adminCaller.settings.branding.update({
      ...blank,
      storeName: 'Kaveri Foods',
      supportEmail: 'help@kaveri.example',
    });
    const customer = await insertCustomer(stack.database.db, { email: `b${Date.now()}@example.com` });
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      customer_id: customer.id,
      contact_email: customer.email,
    });
    await stack.adminCaller.orders.ship({ orderId: order.id });
    const email = await waitFor(async () =>
      (await listMessagesForOrder(stack.database.db, order.id)).find((m) => m.channel === 'email'),
    );
    expect(email.body).toContain('Thank you for shopping with Kaveri Foods.');
    expect(email.body).toContain('help@kaveri.example');
  });
});

describe('branding env validation', () => {
  it('names the variable and the reason', async () => {
    const { parseEnv } = await import('../../src/platform/config/env');
    expect(() => parseEnv({ STORE_BRAND_COLOR: '#ffff00' })).toThrow(/STORE_BRAND_COLOR: Too light/);
    expect(() => parseEnv({ STORE_LOGO_URL: 'javascript:alert(1)' })).toThrow(/STORE_LOGO_URL/);
  });
});
