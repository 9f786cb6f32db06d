/**
 * The one length rule for admin passwords: `ADMIN_PASSWORD` at start-up, a changed password, the
 * CLI, and the Account page (which shows the number the API sends) all use it.
 */
export const MIN_PASSWORD_LENGTH = 10;
