import { startTestStack, waitFor, type TestStack } from '@app/api/testing';
import { insertCustomer, insertOrder } from '@app/db/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebDistBuilt, browserSkipReason, launchBrowser, screenshot, WEB_DIST } from './browser';
import { measureOverflow } from './overflow';
import { signIn, type AdminDevice } from './session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

/**
 * Order Details > Messages: the admin reads what the customer was sent (the email's subject and
 * text, the WhatsApp template's parameters) and where each message stands, on a laptop and a phone.
 */
describe.skipIf(skipReason !== null)('the admin reads an order’s messages', () => {
  let stack: TestStack;
  let browser: Browser;
  let orderId = '';
  let orderNumber = '';

  beforeAll(async () => {
    assertWebDistBuilt();
    browser = await launchBrowser();
    // As `npm start` runs it: no mail server (emails stay in the outbox), the sandbox's WhatsApp stand-in.
    stack = await startTestStack({ webDist: WEB_DIST, whatsappStandIn: true });
    const customer = await insertCustomer(stack.database.db, {
      name: 'Meera Iyer',
      email: 'meera.iyer@example.com',
      phone: '9812345601',
      whatsapp_opt_in: true,
    });
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      customer_id: customer.id,
      contact_phone: '9812345601',
      contact_email: 'meera.iyer@example.com',
    });
    orderId = order.id;
    orderNumber = order.order_number;
    await stack.adminCaller.orders.ship({ orderId });
    // The stand-in reports the WhatsApp sent, delivered, then read.
    await waitFor(async () => (await stack.adminCaller.orders.messages({ orderId })).some((m) => m.state === 'read'), {
      what: 'the read receipt',
      timeoutMs: 20_000,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function openMessages(device?: AdminDevice): Promise<Page> {
    const page = await signIn(browser, stack, `/admin/orders/${orderId}`, device);
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: new RegExp(orderNumber) }).waitFor();
    await dialog.getByTestId('message').nth(1).waitFor();
    return page;
  }

  for (const device of ['laptop', 'phone'] as const) {
    it(`on a ${device}: the email’s text and the WhatsApp’s parameters open in place, each with its state`, async () => {
      const page = await openMessages(device);
      const dialog = page.getByRole('dialog');
      const email = dialog.getByTestId('message').filter({ hasText: 'Email to the customer' });
      const whatsapp = dialog.getByTestId('message').filter({ hasText: 'WhatsApp to the customer' });
      expect(await email.innerText()).toContain('meera.iyer@example.com');
      // No mail server in sandbox mode: kept in the outbox, and the badge says so.
      expect(await email.locator('.badge').innerText()).toBe('Not sent');
      expect(await whatsapp.locator('.badge').innerText()).toBe('Read');
      expect(await whatsapp.innerText()).toContain('+919812345601');

      // The text is folded until asked for.
      const body = email.locator('.message-body');
      expect(await body.isVisible()).toBe(false);
      await email.getByText('Read the email').click();
      await body.waitFor();
      expect(await body.innerText()).toContain('Hi Meera');
      expect(await body.innerText()).toContain(orderNumber);
      expect(await email.locator('.message-subject').innerText()).toContain(orderNumber);

      await whatsapp.getByText('Read the WhatsApp message').click();
      const template = whatsapp.locator('.message-template');
      await template.waitFor();
      expect(await template.innerText()).toContain('{{1}}');
      expect(await template.innerText()).toContain('Meera');
      expect(await template.innerText()).toContain(orderNumber);

      await dialog.getByRole('heading', { name: 'Messages' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      const overflow = await measureOverflow(page);
      expect(overflow.sticking).toEqual([]);
      expect(overflow.pageScrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
      await screenshot(page, device === 'phone' ? 'admin-phone-order-messages' : 'admin-order-messages');
    });
  }
});
