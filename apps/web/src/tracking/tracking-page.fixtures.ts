import type { Language } from '@app/shipping/i18n';
import type { TrackingPageModel } from '../shared/api';

/**
 * Representative pages for the renderer's markup test (tracking-page.render.test.ts): every kind of
 * page, both languages, the NDR form open (with a posted-back form), answered and absent, and
 * customer-supplied text carrying markup. The expected HTML of each is stored beside the test
 * (tracking-page.expected/<name>.txt), first written by the React renderer this one replaced.
 */

/** The instant every fixture is rendered at (relative times and "time left" depend on it). */
export const FIXTURE_NOW = new Date('2026-12-06T10:00:00.000Z');

type Branding = TrackingPageModel['branding'];
type OrderModel = Extract<TrackingPageModel, { kind: 'order' }>;
type View = OrderModel['view'];

const plainBrand: Branding = {
  storeName: 'Our store',
  logoUrl: null,
  brandColor: '#6d28d9',
  supportPhone: null,
  supportEmail: null,
  storeUrl: null,
};

/** A store whose every field is set, its name with markup in it (a merchant typed it). */
const fullBrand: Branding = {
  storeName: '<script>alert("store")</script> & Sons',
  logoUrl: 'https://cdn.example.com/logo.png?a=1&b="2"',
  brandColor: '#0F766E',
  supportPhone: '+91 98765-43210',
  supportEmail: 'help@example.com',
  storeUrl: 'https://shop.example.com/?ref=track&x=<y>',
};

function languageHref(base: string): Record<Language, string> {
  return {
    en: `${base}${base.includes('?') ? '&' : '?'}lang=en`,
    hi: `${base}${base.includes('?') ? '&' : '?'}lang=hi`,
  };
}

const d = (iso: string) => new Date(iso);

function steps(reachedCount: number, at: string[]): View['steps'] {
  const keys = ['placed', 'packed', 'shipped', 'out_for_delivery', 'delivered'];
  return keys.map((key, i) => ({
    key,
    label: `Step ${key} label`,
    reached: i < reachedCount,
    at: i < reachedCount && at[i] ? d(at[i]) : null,
  }));
}

function view(language: Language, over: Partial<View>): View {
  return {
    state: 'ok',
    accessToken: null,
    language,
    orderNumber: 'FB-1001',
    status: 'shipped',
    statusLabel: 'Shipped',
    headline: { title: 'On its way', text: 'Your parcel is with the courier.' },
    placedAt: d('2026-12-01T06:30:00.000Z'),
    lastUpdatedAt: d('2026-12-06T09:40:00.000Z'),
    steps: steps(3, ['2026-12-01T06:30:00.000Z', '2026-12-02T08:00:00.000Z', '2026-12-03T11:15:00.000Z']),
    exception: null,
    shipment: {
      awb: '1234567890123',
      courierName: 'Delhivery',
      trackingUrl: 'https://courier.example.com/track?awb=1234567890123&src=page',
      status: 'in_transit',
      statusLabel: 'In transit',
      arrivingBy: '2026-12-08',
    },
    history: [
      {
        id: 'h3',
        at: d('2026-12-06T09:40:00.000Z'),
        text: 'Reached the <b>hub</b> & sorted',
        location: 'Mumbai "West"',
        kind: 'scan',
      },
      { id: 'h2', at: d('2025-12-31T20:00:00.000Z'), text: 'Picked up', location: null, kind: 'milestone' },
      { id: 'h1', at: d('2026-12-01T06:30:00.000Z'), text: 'Order placed', location: null, kind: 'milestone' },
    ],
    recipient: {
      name: '<script>alert(1)</script> O\'Brien & "Co"',
      city: 'Pune',
      state: 'Maharashtra',
      pincode: '411001',
      phone: '•••••• 3210',
    },
    ndr: null,
    ...over,
  };
}

function order(language: Language, over: Partial<View>, extra: Partial<OrderModel> = {}): OrderModel {
  const base = '/order-tracking/FB-1001?t=tok%3Cx%3E';
  return {
    kind: 'order',
    branding: plainBrand,
    view: view(language, over),
    token: 'tok<x>"&',
    refreshUrl: `${base}&lang=${language}`,
    ndrForm: null,
    flash: null,
    language,
    languageHref: languageHref(base),
    ...extra,
  };
}

const openNdr: NonNullable<View['ndr']> = {
  state: 'open',
  reason: 'Customer not available',
  recordedAt: d('2026-12-05T12:00:00.000Z'),
  respondBy: d('2026-12-07T13:30:00.000Z'),
  answer: null,
  choices: {
    reattempt: { earliest: '2026-12-07', latest: '2026-12-10' },
    updateAddress: true,
    alternatePhone: true,
    cancel: true,
  },
};

const failedAttempt: Partial<View> = {
  status: 'shipped',
  headline: { title: 'Delivery attempt failed', text: 'The courier could not deliver.' },
  exception: { kind: 'failed_attempt', text: 'Customer not available <i>at door</i>' },
  steps: steps(4, ['2026-12-01T06:30:00.000Z', '2026-12-02T08:00:00.000Z', '2026-12-03T11:15:00.000Z']),
  ndr: openNdr,
};

export const TRACKING_PAGE_FIXTURES: Array<{ name: string; model: TrackingPageModel }> = [
  {
    name: 'find-en',
    model: { kind: 'find', branding: plainBrand, language: 'en', ...{ languageHref: languageHref('/order-tracking') } },
  },
  {
    name: 'find-hi',
    model: { kind: 'find', branding: fullBrand, language: 'hi', languageHref: languageHref('/order-tracking') },
  },
  {
    name: 'locked-en-notice',
    model: {
      kind: 'locked',
      branding: fullBrand,
      orderNumber: 'FB-<1>&"2"',
      notice: 'That link did not work <b>here</b>.',
      language: 'en',
      languageHref: languageHref('/order-tracking/FB-%3C1%3E'),
    },
  },
  {
    name: 'locked-hi',
    model: {
      kind: 'locked',
      branding: { ...plainBrand, brandColor: 'red' },
      orderNumber: 'FB-1001',
      notice: null,
      language: 'hi',
      languageHref: languageHref('/order-tracking/FB-1001'),
    },
  },
  { name: 'order-en-in-transit', model: order('en', {}, { branding: fullBrand }) },
  { name: 'order-hi-in-transit', model: order('hi', {}) },
  {
    name: 'order-en-ndr-form',
    model: order('en', failedAttempt, {
      branding: fullBrand,
      ndrForm: {
        values: {
          action: 'update_address',
          preferredDate: '2026-12-09',
          landmark: 'Near <temple> & "park"',
          addressLine: "Flat 2, O'Neil Road",
          alternatePhone: '98765<43210',
          message: 'Call first </textarea><script>x</script>',
        },
        fieldErrors: { addressLine: 'Too <short>', alternatePhone: 'Not a phone', action: 'Choose one' },
        error: 'Check the <form> & try again',
      },
    }),
  },
  { name: 'order-hi-ndr-form', model: order('hi', failedAttempt) },
  {
    name: 'order-en-ndr-phone-only',
    model: order('en', {
      ...failedAttempt,
      ndr: {
        ...openNdr,
        respondBy: d('2026-12-06T09:00:00.000Z'),
        choices: { reattempt: null, updateAddress: false, alternatePhone: true, cancel: false },
      },
    }),
  },
  {
    name: 'order-en-ndr-answered',
    model: order(
      'en',
      {
        ...failedAttempt,
        headline: { title: 'We have your answer', text: 'The store will pass it on.' },
        ndr: {
          ...openNdr,
          state: 'answered',
          choices: null,
          answer: {
            action: 'reattempt',
            summary: 'Deliver again on <Tue>',
            at: d('2026-12-06T08:00:00.000Z'),
            nextStep: 'The store tells the courier & "you"',
          },
        },
      },
      { flash: 'ndr_answered' },
    ),
  },
  {
    name: 'order-hi-ndr-answered-flash-no-answer',
    model: order(
      'hi',
      { ...failedAttempt, ndr: { ...openNdr, state: 'answered', choices: null, answer: null } },
      { flash: 'ndr_answered', branding: fullBrand },
    ),
  },
  {
    name: 'order-en-delivered',
    model: order('en', {
      status: 'delivered',
      headline: { title: 'Delivered', text: 'Enjoy.' },
      steps: steps(5, [
        '2026-12-01T06:30:00.000Z',
        '2026-12-02T08:00:00.000Z',
        '2026-12-03T11:15:00.000Z',
        '2026-12-05T04:00:00.000Z',
        '2026-12-05T09:10:00.000Z',
      ]),
      shipment: {
        awb: null,
        courierName: null,
        trackingUrl: null,
        status: 'delivered',
        statusLabel: 'Delivered',
        arrivingBy: null,
      },
      lastUpdatedAt: d('2026-12-05T09:10:00.000Z'),
    }),
  },
  {
    name: 'order-hi-problem-no-shipment',
    model: order('hi', {
      status: 'lost',
      headline: { title: 'Problem', text: 'We are looking into it.' },
      exception: { kind: 'problem', text: 'Parcel lost' },
      shipment: null,
      history: [],
      lastUpdatedAt: d('2026-11-20T09:10:00.000Z'),
      steps: steps(0, []),
    }),
  },
];
