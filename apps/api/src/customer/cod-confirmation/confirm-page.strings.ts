/**
 * Every word of the COD confirmation page, in one module, so it moves into the i18n catalogues as
 * it is (English for now; `?lang=` chooses among the languages listed here).
 */
export const CONFIRM_PAGE_LANGUAGES = ['en'] as const;
export type ConfirmPageLanguage = (typeof CONFIRM_PAGE_LANGUAGES)[number];

export const CONFIRM_PAGE_TEXT = {
  en: {
    title: (orderNumber: string, store: string) => `Confirm order ${orderNumber} · ${store}`,
    invalidTitle: (store: string) => `Confirm your order · ${store}`,
    invalidHeading: 'This link does not work',
    invalidBody:
      'The link may have expired or been copied incompletely. Please use the link in your latest message, or contact the store.',
    heading: (orderNumber: string) => `Your order ${orderNumber}`,
    greeting: (name: string) => (name ? `Hi ${name},` : 'Hello,'),
    askPending: (amount: string) =>
      `You chose cash on delivery: you will pay ${amount} when the parcel arrives. Please confirm the order so we can send it to the courier.`,
    answerBy: (when: string) => `Please answer by ${when}.`,
    confirm: 'Confirm order',
    cancel: 'Cancel order',
    stateConfirmed: 'Thank you: your order is confirmed. We will send it to the courier soon.',
    stateDeclined: 'Your order is cancelled. You will not be charged. If this was a mistake, contact the store.',
    stateExpired: 'We did not hear from you in time. Please contact the store to get this order sent.',
    stateClosed: 'This order has been sent to the courier already.',
    flashConfirmed: 'Thank you, your order is confirmed.',
    flashDeclined: 'Your order has been cancelled.',
    flashAddress: 'Thank you, we have updated your delivery address.',
    addressHeading: 'Delivery address',
    addressHelp:
      'Is anything wrong or missing? Correct the house or flat number and street, add a landmark, or fix the pincode.',
    line1: 'House or flat number and street',
    landmark: 'Landmark (optional)',
    pincode: 'Pincode',
    saveAddress: 'Save address',
    rateLimited: 'Too many attempts. Please wait a few minutes and try again.',
  },
} as const satisfies Record<ConfirmPageLanguage, Record<string, unknown>>;

export function pageLanguage(raw: unknown): ConfirmPageLanguage {
  return CONFIRM_PAGE_LANGUAGES.find((l) => l === raw) ?? 'en';
}
