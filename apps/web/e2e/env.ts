/** The only place the browser tests read the environment. */
export const e2eEnv = {
  /** In CI a missing browser fails the suite; elsewhere the suite is skipped with a message. */
  ci: process.env.CI === 'true',
  chromiumPath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  /** UPDATE_SCREENSHOTS=1 rewrites docs/screenshots/*.png; otherwise runs leave the tree clean. */
  updateScreenshots: process.env.UPDATE_SCREENSHOTS === '1',
};
