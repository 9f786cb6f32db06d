import type { TestStack } from '@app/api/testing';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { onTestFinished } from 'vitest';

const ADMIN_DESKTOP: BrowserContextOptions = {
  viewport: { width: 1366, height: 900 },
  locale: 'en-IN',
  timezoneId: 'Asia/Kolkata',
};

/** The admin on widths the layout must hold at: a phone, a tablet held upright, a laptop. */
export const ADMIN_WIDTHS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  tablet: { viewport: { width: 768, height: 1024 }, isMobile: true, hasTouch: true },
  laptop: { viewport: { width: 1440, height: 900 } },
} satisfies Record<string, BrowserContextOptions>;

export type AdminDevice = keyof typeof ADMIN_WIDTHS;

const CUSTOMER_PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'en-IN',
  timezoneId: 'Asia/Kolkata',
};

/**
 * A page in a context of its own (own cookies, own storage), closed when the current test ends,
 * pass or fail: no test inherits another's session, dialog or half-finished state.
 */
async function freshPage(browser: Browser, options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext(options);
  onTestFinished(() => context.close());
  return context.newPage();
}

/** The admin panel on a desktop screen (or the device named), not signed in. */
export function openAdminPage(browser: Browser, device?: AdminDevice): Promise<Page> {
  if (!device) return freshPage(browser, ADMIN_DESKTOP);
  return freshPage(browser, { locale: 'en-IN', timezoneId: 'Asia/Kolkata', ...ADMIN_WIDTHS[device] });
}

/** A customer's phone. */
export function openPhone(browser: Browser): Promise<Page> {
  return freshPage(browser, CUSTOMER_PHONE);
}

/** A customer's phone with JavaScript turned off (data saver, an old browser, a script that failed to load). */
export function openPhoneWithoutJavaScript(browser: Browser): Promise<Page> {
  return freshPage(browser, { ...CUSTOMER_PHONE, javaScriptEnabled: false });
}

/** Signs the test admin in through the form on a fresh page and waits for the Orders page. */
export async function signIn(browser: Browser, stack: TestStack, path = '/admin', device?: AdminDevice): Promise<Page> {
  const page = await openAdminPage(browser, device);
  await page.goto(`${stack.url}${path}`);
  await page.getByLabel('Email').fill(stack.adminCredentials.email);
  await page.getByLabel('Password').fill(stack.adminCredentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The top bar appears once signed in (checked by CSS: an open Order Details dialog makes the rest inert).
  await page.locator('header.topbar').waitFor();
  return page;
}
