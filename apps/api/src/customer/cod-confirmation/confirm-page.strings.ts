import { LANGUAGES, isLanguage, type Language } from '@app/shipping/i18n';

/**
 * The confirmation page's language: `?lang=` when it names one we write (the page's switch), else
 * the customer's own (customers.language), else English. Its words are the `confirm.*` messages
 * of the shared catalogues (@app/shipping/i18n).
 */
export const CONFIRM_PAGE_LANGUAGES = LANGUAGES;
export type ConfirmPageLanguage = Language;

/** The language `?lang=` asks for, or null when it asks for none we write. */
export function askedLanguage(raw: unknown): ConfirmPageLanguage | null {
  return isLanguage(raw) ? raw : null;
}

export function pageLanguage(raw: unknown, customers: ConfirmPageLanguage = 'en'): ConfirmPageLanguage {
  return askedLanguage(raw) ?? customers;
}
