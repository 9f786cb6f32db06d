import { startTestStack, type TestStack } from '@app/api/testing';
import { insertProduct } from '@app/db/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebDistBuilt, browserSkipReason, launchBrowser, screenshot, WEB_DIST } from './browser';
import { measureOverflow } from './overflow';
import { signIn } from './session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

const HEADER =
  'order_id,order_number,order_date,status,payment_method,cod_amount,customer_name,phone,email,address_line1,address_line2,landmark,city,state,pincode,sku,product_name,quantity,unit_price,weight,shipping_charge,note';
/** Two good orders (one waits on an unreadable catalogue weight) and one with a bad phone. */
const CSV = [
  HEADER,
  'E2E-7001,E2E-7001,30-11-2026 10:15,processing,cod,,Kavya Iyer,+91 99001 22334,,"12, 4th Main, Jayanagar",,,Bengaluru,KA,560 041,E2E-PODI-200,Gunpowder Podi,1,199.00,200g,49.00,',
  'E2E-7002,E2E-7002,30-11-2026 10:20,processing,prepaid,,Arjun Nair,09847012345,,"Flat 3B, Marine Drive",,,Kochi,Kerala,682031,E2E-MURUKKU,Millet Murukku,2,299.00,,0,',
  'E2E-7003,E2E-7003,30-11-2026 10:25,processing,prepaid,,Ravi Teja,12345,,"House 9, Banjara Hills",,,Hyderabad,TG,500034,E2E-PODI-200,Gunpowder Podi,1,199.00,200g,0,',
].join('\r\n');

describe.skipIf(skipReason !== null)(
  'orders come in from a CSV, ship, and a fixed product weight re-plans a parcel',
  () => {
    let stack: TestStack;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      assertWebDistBuilt();
      browser = await launchBrowser();
      stack = await startTestStack({ webDist: WEB_DIST });
      await insertProduct(stack.database.db, {
        sku: 'E2E-MURUKKU',
        name: 'Millet Murukku',
        weight_text: 'family pack',
      });
      const context = await browser.newContext({
        viewport: { width: 1366, height: 900 },
        locale: 'en-IN',
        timezoneId: 'Asia/Kolkata',
      });
      page = await context.newPage();
      await page.goto(`${stack.url}/admin`);
      await page.getByLabel('Email').fill(stack.adminCredentials.email);
      await page.getByLabel('Password').fill(stack.adminCredentials.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Orders' }).waitFor();
    });

    afterAll(async () => {
      await browser?.close();
      await stack?.close();
    });

    it('one good order and one with a bad date: the date is told its format, the button counts one order', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
      await page.getByRole('heading', { name: 'Import orders' }).waitFor();
      const [, good] = CSV.split('\r\n');
      const badDate = (good ?? '')
        .replaceAll('E2E-7001', 'E2E-7009')
        .replace('30-11-2026 10:15', '2026/11/30 10:15 AM');
      await page.getByLabel('Orders CSV file').setInputFiles({
        name: 'one.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from([HEADER, good, badDate].join('\r\n')),
      });
      await page.getByTestId('import-summary').waitFor();
      expect(await page.getByTestId('import-summary').innerText()).toBe(
        '2 orders found: 1 new, 1 left out for problems (1 problem).',
      );
      expect(await page.getByRole('table', { name: 'Rows with errors' }).innerText()).toMatch(
        /3\s+order_date\s+must be a date as dd-mm-yyyy hh:MM in India time, e\.g\. "06-12-2026 14:30"/,
      );
      await page.getByRole('button', { name: 'Import 1 order', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByTestId('import-summary').waitFor({ state: 'hidden' });
    });

    it('uploads a CSV, previews it with the bad row named, imports it', async () => {
      await page.getByRole('heading', { name: 'Import orders' }).waitFor();
      await page
        .getByLabel('Orders CSV file')
        .setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
      const summary = page.getByTestId('import-summary');
      await summary.waitFor();
      expect(await summary.innerText()).toBe('3 orders found: 2 new, 1 left out for problems (1 problem).');
      const errors = page.getByRole('table', { name: 'Rows with errors' });
      expect(await errors.innerText()).toMatch(/4\s+phone\s+not a valid Indian mobile number \(needs 10 digits\)/);
      expect(await errors.innerText()).not.toContain('*');
      // Each order with who and where it goes.
      const kavya = page.getByRole('table', { name: 'Orders in the file' }).locator('tr[data-order="E2E-7001"]');
      expect(await kavya.innerText()).toMatch(/Kavya Iyer\s+Bengaluru\s+560041/);
      await screenshot(page, 'admin-import-preview', { fullPage: true });

      await page.getByRole('button', { name: 'Import 2 orders' }).click();
      await page.getByTestId('import-result').waitFor();
      expect(await page.getByTestId('import-result').innerText()).toContain('2 created');
      const imported = await stack.database.db
        .selectFrom('orders')
        .select('order_number')
        .where('source', '=', 'csv')
        .execute();
      expect(imported.map((o) => o.order_number).sort()).toEqual(['E2E-7001', 'E2E-7002']);
    });

    it('re-imports a corrected file: the preview shows what changes and how, the import does exactly that', async () => {
      const corrected = CSV.replace('"Flat 3B, Marine Drive"', '"Flat 4C, Marine Drive"');
      await page
        .getByLabel('Orders CSV file')
        .setInputFiles({ name: 'orders-corrected.csv', mimeType: 'text/csv', buffer: Buffer.from(corrected) });
      const summary = page.getByTestId('import-summary');
      await summary.waitFor();
      expect(await summary.innerText()).toBe(
        '3 orders found: 0 new, 1 to update, 1 already imported and unchanged, 1 left out for problems (1 problem).',
      );
      // The one counted as already imported is the one listed as such.
      expect(await page.getByText('Already imported and the same in this file').innerText()).toMatch(/: E2E-7001$/);
      const changes = page.getByRole('region', { name: 'Orders that will change' });
      expect(await changes.innerText()).toMatch(/E2E-7002[\s\S]*Flat 3B, Marine Drive[\s\S]*Flat 4C, Marine Drive/);
      await screenshot(page, 'admin-import-reimport-preview', { fullPage: true });

      await page.getByRole('button', { name: 'Update 1 order' }).click();
      await page.getByTestId('import-result').waitFor();
      expect(await page.getByTestId('import-result').innerText()).toContain(
        '0 created, 1 updated, 1 already imported and unchanged',
      );
      const order = await stack.database.db
        .selectFrom('orders')
        .select('ship_line1')
        .where('external_id', '=', 'E2E-7002')
        .executeTakeFirstOrThrow();
      expect(order.ship_line1).toBe('Flat 4C, Marine Drive');
    });

    it('ships one of the imported orders with iCarry', async () => {
      await page.getByRole('button', { name: 'Go to Orders' }).click();
      await page.getByLabel('Search orders').fill('E2E-7001');
      await page.getByRole('button', { name: 'View order E2E-7001' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: /E2E-7001/ }).waitFor();
      await dialog.getByRole('button', { name: 'Ship with iCarry' }).click();
      await dialog.getByTestId('awb').waitFor({ timeout: 20_000 });
      await dialog.getByRole('button', { name: 'Close order details' }).click();
      await dialog.waitFor({ state: 'hidden' });
    });

    it('fixing an unreadable weight on Products changes the unshipped order’s parcel weight', async () => {
      await page.getByLabel('Search orders').fill('E2E-7002');
      await page.getByRole('button', { name: 'View order E2E-7002' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Weight is a guess: 0.5 kg fallback').waitFor();
      expect(await dialog.locator('.parcel-weight').innerText()).toContain('500 g');
      await dialog.getByRole('button', { name: 'Close order details' }).click();
      await dialog.waitFor({ state: 'hidden' });

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Products' }).click();
      const row = page.locator('tr[data-sku="E2E-MURUKKU"]');
      await row.waitFor();
      // Unreadable weights first, with the open orders they decide.
      expect(await page.locator('tbody tr').first().getAttribute('data-sku')).toBe('E2E-MURUKKU');
      expect(await row.innerText()).toContain('Not readable');
      await row.getByLabel('Weight of E2E-MURUKKU').fill('750 g');
      await row.getByText('750 g', { exact: true }).waitFor();
      await screenshot(page, 'admin-products-fix-weight');
      await row.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(async () => (await row.innerText()).includes('Not readable')).toBe(false);

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
      await page.getByLabel('Search orders').fill('E2E-7002');
      await page.getByRole('button', { name: 'View order E2E-7002' }).click();
      await dialog.getByRole('heading', { name: /E2E-7002/ }).waitFor();
      await expect.poll(() => dialog.locator('.parcel-weight').innerText()).toContain('1.5 kg');
    });

    it('on a phone (390 px) the preview is a card per order that fits the screen', async () => {
      const phone = await signIn(browser, stack, '/admin/import', 'phone');
      await phone.getByRole('heading', { name: 'Import orders' }).waitFor();
      const fresh = CSV.replaceAll('E2E-700', 'E2E-710');
      await phone
        .getByLabel('Orders CSV file')
        .setInputFiles({ name: 'phone.csv', mimeType: 'text/csv', buffer: Buffer.from(fresh) });
      const card = phone.getByRole('table', { name: 'Orders in the file' }).locator('tr[data-order="E2E-7101"]');
      await card.waitFor();
      expect(await card.innerText()).toMatch(/E2E-7101[\s\S]*Kavya Iyer[\s\S]*Bengaluru[\s\S]*560041/);
      const box = await card.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      const overflow = await measureOverflow(phone);
      expect(overflow.sticking).toEqual([]);
      expect(overflow.pageScrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
      await phone.getByRole('button', { name: 'Import 2 orders' }).waitFor();
    });

    it('renders the API reference page from local assets', async () => {
      const docs = await page.context().newPage();
      await docs.goto(`${stack.url}/api/v1/docs`);
      await docs.getByText('/orders/{orderNumber}/cancel').first().waitFor({ timeout: 20_000 });
      await docs.close();
    });
  },
);
