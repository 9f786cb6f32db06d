import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { e2eEnv } from './env';

/** Debian's Chromium, headless, with nothing phoning home. Never downloads a browser. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export const WEB_DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

/** Whether the browser tests can run here; in CI a missing browser is a failure, not a skip. */
export function browserSkipReason(): string | null {
  if (existsSync(e2eEnv.chromiumPath) || e2eEnv.ci) return null;
  return `no Chromium at ${e2eEnv.chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(e2eEnv.chromiumPath))
    throw new Error(`Chromium is required for the browser tests (CI=true) but ${e2eEnv.chromiumPath} does not exist`);
  return chromium.launch({ executablePath: e2eEnv.chromiumPath, headless: true, args: CHROMIUM_ARGS });
}

export function assertWebDistBuilt(): void {
  if (!existsSync(`${WEB_DIST}index.html`) || !existsSync(`${WEB_DIST}tracking.html`)) {
    throw new Error(
      `The web app is not built (${WEB_DIST} has no index.html/tracking.html). Run \`npm run build -w @app/web\` first; turbo's test task does it for you.`,
    );
  }
}

/** Saves docs/screenshots/<name>.png when UPDATE_SCREENSHOTS=1. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (!e2eEnv.updateScreenshots) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Let transitions and the dialog's entry animation settle.
  await page.waitForTimeout(250);
  await page.screenshot({
    path: `${SCREENSHOTS}${name}.png`,
    fullPage: options.fullPage ?? false,
    animations: 'disabled',
  });
}
