import { describe, expect, it } from 'vitest';
import { buildConfig } from '../../platform/config/config';
import { parseEnv } from '../../platform/config/env';
import { channelVersion, isStaleStatement, moneyInput, splitLineAmount } from './channel-money.rules';
import { consentStatement } from './channel-consent';

describe('channel money and record rules', () => {
  it('a line that does not divide into whole paise is two rows that add up to it exactly', () => {
    expect(splitLineAmount(10000, 3)).toEqual([
      { quantity: 2, unitPaise: 3333 },
      { quantity: 1, unitPaise: 3334 },
    ]);
    expect(splitLineAmount(49900, 2)).toEqual([{ quantity: 2, unitPaise: 24950 }]);
  });

  it('a gap between the parts and the total is a fee when higher, a discount when lower; a negative discount is a charge', () => {
    const base = { lines: [{ sku: 'A', name: 'A', quantity: 1, amountPaise: 10000 }], shippingPaise: 0, taxPaise: 0 };
    expect(moneyInput({ ...base, feesPaise: 0, discountPaise: 0, totalPaise: 10001, owedPaise: 10001 })).toMatchObject({
      fees: '0.01',
      codAmount: '100.01',
    });
    expect(moneyInput({ ...base, feesPaise: 0, discountPaise: 0, totalPaise: 9999, owedPaise: null })).toMatchObject({
      discount: '0.01',
    });
    expect(moneyInput({ ...base, feesPaise: 0, discountPaise: -1, totalPaise: 10001, owedPaise: null })).toMatchObject({
      fees: '0.01',
    });
  });

  it('versions: older is stale, the same second is not, no version is stale once one is held', () => {
    const applied = new Date('2026-11-30T05:30:00Z');
    expect(isStaleStatement(applied, new Date('2026-11-30T05:29:59Z'))).toBe(true);
    expect(isStaleStatement(applied, new Date('2026-11-30T05:30:00Z'))).toBe(false);
    expect(isStaleStatement(applied, null)).toBe(true);
    expect(isStaleStatement(null, null)).toBe(false);
    expect(channelVersion('2026-11-30T05:30:00', true)?.toISOString()).toBe('2026-11-30T05:30:00.000Z');
    expect(channelVersion('2026-11-30T11:00:00+05:30')?.toISOString()).toBe('2026-11-30T05:30:00.000Z');
    expect(channelVersion('-271821-04-20T00:00:00Z')).toBeNull();
    expect(channelVersion('not a date')).toBeNull();
  });

  it('consent: off says nothing, field passes the channel on, checkout grants', () => {
    expect([
      consentStatement('off', true),
      consentStatement('field', false),
      consentStatement('checkout', null),
    ]).toEqual([null, false, true]);
  });

  it('the consent settings are read from the environment, default off, meta keys configurable', () => {
    const base = {
      SHOPIFY_WEBHOOK_SECRET: 's',
      WOOCOMMERCE_WEBHOOK_SECRET: 'w',
      WOOCOMMERCE_URL: 'https://shop.example.in',
    };
    const plain = buildConfig(parseEnv(base), 0).channels;
    expect([plain.shopify?.whatsappConsent, plain.woocommerce?.whatsappConsent]).toEqual([undefined, undefined]);
    expect(plain.woocommerce?.consentMetaKeys).toEqual(['_wc_whatsapp_opt_in', 'whatsapp_opt_in']);
    const set = buildConfig(
      parseEnv({
        ...base,
        SHOPIFY_WHATSAPP_CONSENT: 'field',
        WOOCOMMERCE_WHATSAPP_CONSENT: 'checkout',
        WOOCOMMERCE_WHATSAPP_CONSENT_META_KEYS: 'my_optin, _whatsapp',
      }),
      0,
    ).channels;
    expect([set.shopify?.whatsappConsent, set.woocommerce?.whatsappConsent]).toEqual(['field', 'checkout']);
    expect(set.woocommerce?.consentMetaKeys).toEqual(['my_optin', '_whatsapp']);
    expect(() => parseEnv({ ...base, SHOPIFY_WHATSAPP_CONSENT: 'yes' })).toThrow(/SHOPIFY_WHATSAPP_CONSENT/);
  });
});
