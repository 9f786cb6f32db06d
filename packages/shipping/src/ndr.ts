import { istDay } from './ist';
/**
 * iCarry's NDR (non-delivery report) `type` codes, as pushed by the NDR webhook, in plain English:
 * `adminText` for the store team (what happened and what to do), `customerText` safe to show or
 * send to the customer. Codes are open strings: iCarry may add codes, and one public copy of the
 * table splits two codes in half (PDF line wrapping), so unknown codes get a generic description.
 */

export interface NdrDescription {
  code: string;
  adminText: string;
  customerText: string;
  /** True when the customer must do something (answer the phone, pay, fix the address, be home). */
  needsCustomerAction: boolean;
  /** False for codes not in iCarry's table. */
  known: boolean;
}

type NdrEntry = Omit<NdrDescription, 'code' | 'known'>;

export const NDR_CODES = {
  'REATTEMPT-CONTACT': {
    adminText:
      'Courier could not reach the customer: the address is incomplete or the phone was unreachable. Confirm the address and phone with the customer, then request a reattempt.',
    customerText:
      'Our courier could not reach you. Please check that your address and phone number are correct and keep your phone reachable; we will try again.',
    needsCustomerAction: true,
  },
  REATTEMPT: {
    adminText: 'A delivery attempt failed. The courier will try again; check with the customer if it keeps failing.',
    customerText: 'We tried to deliver your order but could not. We will try again soon.',
    needsCustomerAction: false,
  },
  MISROUTE: {
    adminText:
      'The parcel reached the wrong delivery centre (wrong pincode hub). The courier is rerouting it; expect a delay.',
    customerText:
      'Your parcel was sent to the wrong delivery centre and is being redirected. Delivery may take a little longer.',
    needsCustomerAction: false,
  },
  'DC-ADDRESS': {
    adminText:
      "The address is outside the courier's delivery area (ODA) or needs self-collection from the delivery centre. Ask the customer to collect it or give an alternative address.",
    customerText:
      "Your address is outside the courier's regular delivery area. You may need to collect the parcel from the nearby delivery centre; we will contact you.",
    needsCustomerAction: true,
  },
  'URGENT-DELIVERY': {
    adminText: 'The parcel is past its expected delivery date. Escalate with iCarry/the courier.',
    customerText: 'Your order is taking longer than expected. We have asked the courier to prioritise it.',
    needsCustomerAction: false,
  },
  'REATTEMPT-COD-NOT-READY': {
    adminText:
      'The customer did not have the cash-on-delivery amount ready. Confirm they will pay, then request a reattempt.',
    customerText:
      'The courier could not deliver because the cash-on-delivery amount was not ready. Please keep the exact amount ready for the next attempt.',
    needsCustomerAction: true,
  },
  'RTO-MISSING': {
    adminText: 'The parcel went missing while being returned to you. Raise a lost-shipment claim with iCarry.',
    customerText: 'There is a problem with your parcel in transit. Our team is looking into it and will contact you.',
    needsCustomerAction: false,
  },
  'OPEN-DELIVERY': {
    adminText:
      'The customer asked to open the parcel before accepting it. Decide whether open delivery is allowed and instruct the courier.',
    customerText:
      'You asked to open the parcel before accepting it. We are checking this with the courier and will update you.',
    needsCustomerAction: false,
  },
  'CONSIGNEE-OPENED-REFUSED': {
    adminText:
      'The customer opened the parcel and then refused it. Contact the customer before the parcel is returned (RTO).',
    customerText:
      'The parcel was refused at delivery. If this was a mistake, please contact us so we can arrange another attempt.',
    needsCustomerAction: true,
  },
  'RTO-REATTEMPT': {
    adminText: 'Returning the parcel to your warehouse failed. Make sure someone can receive it at the pickup address.',
    customerText: 'Your parcel is on its way back to us. Our team will contact you about your order.',
    needsCustomerAction: false,
  },
  'REATTEMPT-NEW-DATE': {
    adminText: 'The customer asked for delivery on a later date. The courier will reattempt then.',
    customerText: 'As you requested, delivery has been rescheduled to a later date.',
    needsCustomerAction: false,
  },
  'REATTEMPT-RESTRICTED-ENTRY': {
    adminText:
      'The courier could not enter the delivery address (gated society, office security). Ask the customer for entry instructions or an alternative address.',
    customerText:
      'The courier could not enter your address. Please inform your security/reception or share another address where the parcel can be delivered.',
    needsCustomerAction: true,
  },
  'RTO-PACKING': {
    adminText: 'The return is blocked because the packaging is damaged or improper. Contact iCarry to resolve it.',
    customerText: 'There is a problem with your parcel in transit. Our team is looking into it and will contact you.',
    needsCustomerAction: false,
  },
  'REATTEMPT-CUST-REFUSED': {
    adminText:
      'The customer refused the parcel and a reattempt was requested. Confirm with the customer whether they still want it.',
    customerText:
      'The parcel was refused at delivery. If you still want your order, please contact us so we can arrange another attempt.',
    needsCustomerAction: true,
  },
  'REATTEMPT-OTP': {
    adminText: 'The customer could not give the delivery OTP. Ask them to keep the OTP ready for the next attempt.',
    customerText:
      'Delivery needs the one-time password (OTP) sent to your phone. Please keep it ready for the next attempt.',
    needsCustomerAction: true,
  },
  'MANUAL-VERIFY': {
    adminText: 'The courier reported an unrecognised event. Check the shipment manually in the iCarry panel.',
    customerText: 'We are checking an update on your parcel with the courier and will keep you informed.',
    needsCustomerAction: false,
  },
  'RTO-SECURITY': {
    adminText: 'The parcel is being returned for security reasons. Contact iCarry for details.',
    customerText: 'Your parcel could not be delivered and is being returned. Our team will contact you.',
    needsCustomerAction: false,
  },
  'FINANCE-EMBARGO': {
    adminText:
      'The shipment is on hold for a payment issue with the iCarry account (wallet, unpaid dues). Clear it in the iCarry panel.',
    customerText: 'Your parcel is briefly on hold. We are resolving it with the courier and will update you.',
    needsCustomerAction: false,
  },
  'EWAY-SEND': {
    adminText:
      'The courier is waiting for e-way bill details (needed above ₹50,000). Upload the e-way bill in the iCarry panel.',
    customerText: 'Your parcel is waiting for shipping paperwork from us. We are sorting it out.',
    needsCustomerAction: false,
  },
  'REATTEMPT-DAMAGE': {
    adminText: 'The parcel is damaged. Check with iCarry whether to deliver, replace or claim.',
    customerText: 'Your parcel was damaged in transit. Our team will contact you about a resolution.',
    needsCustomerAction: false,
  },
  'REATTEMPT-RTO-REFUSED': {
    adminText: 'Your warehouse refused the returned parcel. Accept the return or tell iCarry what to do with it.',
    customerText: 'There is a problem with your parcel in transit. Our team is looking into it and will contact you.',
    needsCustomerAction: false,
  },
  'REATTEMPT-OUTOFSTN': {
    adminText:
      'The customer is away from the address (out of station). Confirm when they will be back or an alternative address.',
    customerText:
      'The courier found you away from the delivery address. Please tell us when you will be available or share another address.',
    needsCustomerAction: true,
  },
} as const satisfies Record<string, NdrEntry>;

export type NdrCode = keyof typeof NDR_CODES;

/** Split spellings seen in one public copy of iCarry's table (PDF line wrapping). */
const NDR_ALIASES: Record<string, NdrCode> = {
  'CONSIGNEE-OPENED': 'CONSIGNEE-OPENED-REFUSED',
  'REATTEMPT-RESTRICTED': 'REATTEMPT-RESTRICTED-ENTRY',
};

/** Longest code we keep for an unknown `type` (iCarry's longest is 26 characters). */
const MAX_UNKNOWN_CODE_LENGTH = 48;

/**
 * A `type` as it may arrive, in our one spelling: upper case, and every run of anything that is
 * not a letter or digit (spaces, underscores, any dash, the control characters a PDF's line
 * wrapping leaves, as in "CONSIGNEE-OPENED\u0002REFUSED") one hyphen. Safe to print anywhere.
 */
export function normaliseNdrType(type: string | null | undefined): string {
  return (typeof type === 'string' ? type : '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_UNKNOWN_CODE_LENGTH)
    .replace(/-+$/, '');
}

/** A code without its separators, so a break inside a word ("REATT\u0002EMPT") still finds it. */
function compact(code: string): string {
  return code.replace(/-/g, '');
}

const BY_COMPACT: ReadonlyMap<string, NdrCode> = new Map([
  ...(Object.keys(NDR_CODES) as NdrCode[]).map((code) => [compact(code), code] as const),
  ...Object.entries(NDR_ALIASES).map(([alias, code]) => [compact(alias), code] as const),
]);

export function isKnownNdrCode(code: string): code is NdrCode {
  return Object.hasOwn(NDR_CODES, code);
}

/** The table's code for any spelling of it (case, separators, control characters, split halves), else undefined. */
export function findNdrCode(type: string | null | undefined): NdrCode | undefined {
  return BY_COMPACT.get(compact(normaliseNdrType(type)));
}

/**
 * Describes any NDR `type`, normalised once here (see normaliseNdrType); unknown codes get a
 * generic text and keep their normalised spelling, so no control character reaches a subject or page.
 */
export function describeNdr(type: string | null | undefined): NdrDescription {
  const code = findNdrCode(type);
  if (code !== undefined) return { code, known: true, ...NDR_CODES[code] };
  const normalised = normaliseNdrType(type);
  const shown = normalised === '' ? 'unknown' : normalised;
  return {
    code: shown,
    known: false,
    adminText: `The courier reported a delivery problem (iCarry NDR code "${shown}", not in our table). Check the shipment in the iCarry panel.`,
    customerText: 'There was a problem delivering your parcel. Our team is looking into it and will contact you.',
    needsCustomerAction: false,
  };
}

/** What a customer may answer to a failed delivery (the `tracking.respondToNdr` actions). */
export const NDR_BUYER_ACTIONS = ['reattempt', 'update_address', 'cancel'] as const;
export type NdrBuyerAction = (typeof NDR_BUYER_ACTIONS)[number];

/**
 * Hours a customer has to answer a failed attempt. Couriers hold an NDR parcel for about two days
 * before they reattempt on their own or start the return (RTO); an answer after that reaches no one.
 */
export const NDR_ANSWER_WINDOW_HOURS = 48;
/** A new delivery date can be asked for from tomorrow up to this many days ahead (the courier's hold). */
export const NDR_REATTEMPT_DAYS = 3;

/** Which answers fit an NDR reason; `cancel` is added for cash-on-delivery orders only (nothing to refund). */
export interface NdrBuyerChoices {
  reattempt: boolean;
  updateAddress: boolean;
  alternatePhone: boolean;
  cancel: boolean;
}

type Fit = Omit<NdrBuyerChoices, 'cancel'>;
const ALL: Fit = { reattempt: true, updateAddress: true, alternatePhone: true };
const DATE_ONLY: Fit = { reattempt: true, updateAddress: false, alternatePhone: false };

/** Reasons the customer can do something about; the others (misroutes, RTO problems, paperwork) are the store's. */
const BUYER_FIT: Partial<Record<NdrCode, Fit>> = {
  'REATTEMPT-CONTACT': ALL,
  REATTEMPT: ALL,
  'DC-ADDRESS': { reattempt: false, updateAddress: true, alternatePhone: true },
  'REATTEMPT-COD-NOT-READY': DATE_ONLY,
  'CONSIGNEE-OPENED-REFUSED': DATE_ONLY,
  'REATTEMPT-NEW-DATE': DATE_ONLY,
  'REATTEMPT-RESTRICTED-ENTRY': ALL,
  'REATTEMPT-CUST-REFUSED': DATE_ONLY,
  'REATTEMPT-OTP': { reattempt: true, updateAddress: false, alternatePhone: true },
  'REATTEMPT-OUTOFSTN': ALL,
};

/** The answers that fit this NDR reason, or null when the customer has nothing to choose. */
export function ndrBuyerChoices(
  code: string | null | undefined,
  paymentMethod: 'cod' | 'prepaid',
): NdrBuyerChoices | null {
  const description = describeNdr(code);
  const fit = description.known ? BUYER_FIT[description.code as NdrCode] : undefined;
  if (!fit) return null;
  return { ...fit, cancel: paymentMethod === 'cod' };
}

/** Dates a reattempt may be asked for, in India: tomorrow through NDR_REATTEMPT_DAYS ahead. */
export function ndrReattemptWindow(now: Date): { earliest: string; latest: string } {
  return { earliest: istDay(now, 1), latest: istDay(now, NDR_REATTEMPT_DAYS) };
}
