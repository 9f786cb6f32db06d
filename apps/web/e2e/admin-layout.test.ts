import { startTestStack, type TestStack } from '@app/api/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebDistBuilt, browserSkipReason, launchBrowser, WEB_DIST } from './browser';
import { measureOverflow } from './overflow';
import { ADMIN_WIDTHS, signIn, type AdminDevice } from './session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

/** Every page of the admin, by the heading it shows. */
const PAGES = [
  { path: '/admin', heading: 'Orders' },
  { path: '/admin?status=all', heading: 'Orders' },
  { path: '/admin?status=ndr', heading: 'Orders' },
  { path: '/admin?status=stuck', heading: 'Orders' },
  { path: '/admin/pickup', heading: 'Today’s pickup' },
  { path: '/admin/import', heading: 'Import orders' },
  { path: '/admin/products', heading: 'Products' },
  { path: '/admin/billing', heading: 'Billing' },
  { path: '/admin/api-keys', heading: 'API keys' },
  { path: '/admin/integrations', heading: 'Integrations' },
  { path: '/admin/setup', heading: 'Setup' },
  { path: '/admin/settings/branding', heading: 'Branding' },
  { path: '/admin/account', heading: 'Account' },
] as const;

async function expectNoOverflow(page: Page, where: string): Promise<void> {
  // Let late content (counts, tables) arrive before measuring.
  await page.waitForLoadState('networkidle');
  const overflow = await measureOverflow(page);
  expect({ where, sticking: overflow.sticking }).toEqual({ where, sticking: [] });
  expect({ where, scrollWidth: overflow.pageScrollWidth }).toEqual({ where, scrollWidth: overflow.innerWidth });
}

/**
 * The whole admin at a phone's, a tablet's and a laptop's width, on the demo store: no page is
 * wider than the window, and nothing is cut off at the sides or under the top bar.
 */
describe.skipIf(skipReason !== null)('every admin page fits 390, 768 and 1440 pixels wide', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    assertWebDistBuilt();
    browser = await launchBrowser();
    stack = await startTestStack({ webDist: WEB_DIST, seed: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  for (const device of Object.keys(ADMIN_WIDTHS) as AdminDevice[]) {
    const width = ADMIN_WIDTHS[device].viewport.width;
    it(`at ${width} px (${device})`, async () => {
      const page = await signIn(browser, stack, '/admin', device);
      for (const { path, heading } of PAGES) {
        await page.goto(`${stack.url}${path}`);
        await page.getByRole('heading', { name: heading, exact: true, level: 1 }).waitFor();
        await expectNoOverflow(page, `${path} at ${width}`);
      }

      // The sections: in the bar when they fit in one row, else behind Menu; either way all on screen.
      await page.goto(`${stack.url}/admin`);
      await page.getByRole('heading', { name: 'Orders', exact: true, level: 1 }).waitFor();
      const menu = page.getByRole('button', { name: 'Menu' });
      const behindMenu = width < 1200;
      expect(await menu.isVisible()).toBe(behindMenu);
      if (behindMenu) await menu.click();
      const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
      expect(await links.count()).toBeGreaterThanOrEqual(10);
      for (const link of await links.all()) {
        const box = await link.boundingBox();
        expect(box, `${await link.innerText()} at ${width}`).not.toBeNull();
        expect(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= width).toBe(true);
      }
      await expectNoOverflow(page, `the menu at ${width}`);
      if (behindMenu) await page.keyboard.press('Escape');

      // Every Orders tab, "All" last, is whole on the screen.
      const tabs = page.getByRole('navigation', { name: 'Filter by status' }).getByRole('button');
      await page.getByRole('button', { name: /^All\s*\d+$/ }).waitFor();
      for (const tab of await tabs.all()) {
        const box = await tab.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= width, `${await tab.innerText()} at ${width}`).toBe(true);
      }

      // Order Details, before and after booking.
      await page
        .locator('tbody tr[data-order]')
        .first()
        .getByRole('button', { name: /^View order/ })
        .click();
      await page.getByRole('dialog').getByText('Order Details').waitFor();
      await page.getByRole('dialog').getByRole('heading', { level: 2 }).waitFor();
      await expectNoOverflow(page, `Order Details at ${width}`);
      await page.keyboard.press('Escape');
      // The Delivered list replaces the Processing one when its page arrives: until then the first
      // row is still a Processing order (no AWB), so wait for the rows to change before opening one.
      const processingFirst = await page.locator('tbody tr[data-order]').first().getAttribute('data-order');
      await page.getByRole('button', { name: /^Delivered\s*\d+$/ }).click();
      await expect
        .poll(() => page.locator('tbody tr[data-order]').first().getAttribute('data-order'))
        .not.toBe(processingFirst);
      await page
        .locator('tbody tr[data-order]')
        .first()
        .getByRole('button', { name: /^View order/ })
        .click();
      await page.getByRole('dialog').getByTestId('awb').waitFor();
      await expectNoOverflow(page, `a delivered order's details at ${width}`);
    });
  }
});
