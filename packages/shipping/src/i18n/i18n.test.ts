import { TYPE, parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { describeNdr, NDR_CODES } from '../ndr';
import { CATALOGUES, LANGUAGES, languageOr, ndrCustomerText, translator, type MessageKey } from './index';

/** Every argument a message names, plural and select branches included. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if (el.type === TYPE.tag) {
      into.add(`<${el.value}>`);
      argumentsOf(el.children, into);
      continue;
    }
    into.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
    }
  }
  return into;
}

describe('message catalogues', () => {
  const english = Object.keys(CATALOGUES.en).sort();

  it.each(LANGUAGES)('%s has exactly the English keys', (language) => {
    expect(Object.keys(CATALOGUES[language]).sort()).toEqual(english);
  });

  it.each(LANGUAGES)('every %s message parses and names the same placeholders as English', (language) => {
    for (const key of english as MessageKey[]) {
      const own = argumentsOf(parse(CATALOGUES[language][key]));
      const en = argumentsOf(parse(CATALOGUES.en[key]));
      expect([key, [...own].sort()]).toEqual([key, [...en].sort()]);
    }
  });

  it('Hindi is written in Devanagari (not English left untranslated)', () => {
    const untranslated = (english as MessageKey[]).filter(
      (key) =>
        !/[\u0900-\u097f]/.test(CATALOGUES.hi[key]) && /[a-z]{3,}/i.test(CATALOGUES.hi[key].replace(/\{[^}]*\}/g, '')),
    );
    expect(untranslated).toEqual([]);
  });
});

describe('translator', () => {
  const en = translator('en');
  const hi = translator('hi');

  it('fills placeholders in each language', () => {
    expect(en.t('msg.shippedSubject', { orderNumber: 'FB-1' })).toBe('Your order FB-1 has shipped');
    expect(hi.t('msg.shippedSubject', { orderNumber: 'FB-1' })).toBe('आपका ऑर्डर FB-1 भेज दिया गया है');
  });

  it('formats rupees with Indian grouping in both languages', () => {
    expect(en.money(123456750)).toBe('₹12,34,567.50');
    expect(hi.money(124900)).toBe('₹1,249.00');
  });

  it('writes calendar days and dates as each language reads them', () => {
    expect(en.calendarDay('2026-12-09')).toBe('Wed, 9 Dec');
    expect(hi.calendarDay('2026-12-09')).toBe('बुधवार, 9 दिसंबर');
    // 20:00 UTC is 01:30 the next day in India.
    expect(en.date(new Date('2026-12-05T20:00:00Z'))).toBe('6 Dec 2026');
    expect(hi.date(new Date('2026-12-05T20:00:00Z'))).toBe('6 दिसंबर 2026');
    const now = new Date('2026-12-06T08:00:00Z');
    expect(en.dateTime(new Date('2026-12-05T09:34:00Z'), now)).toBe('5 Dec, 3:04 pm');
    expect(hi.dateTime(new Date('2026-12-05T09:34:00Z'), now)).toBe('5 दिसंबर, दोपहर 3:04');
    // 14:38 UTC is 8:08 pm in India: "रात 8:08 बजे", as a Hindi speaker says the time.
    expect(hi.deadline(new Date('2026-12-08T14:38:00Z'))).toBe('मंगलवार, 8 दिसंबर को रात 8:08 बजे');
    expect(en.deadline(new Date('2026-12-08T14:38:00Z'))).toBe('Tue, 8 Dec, 8:08 pm');
  });

  it('uses each language’s plural forms', () => {
    const now = new Date('2026-12-06T00:00:00Z');
    const at = (ms: number) => new Date(now.getTime() + ms);
    expect(en.timeLeft(at(3_600_000 + 60_000), now)).toBe('1 hour');
    expect(en.timeLeft(at(2 * 3_600_000), now)).toBe('2 hours');
    expect(hi.timeLeft(at(3_600_000 + 60_000), now)).toBe('1 घंटा');
    expect(hi.timeLeft(at(2 * 3_600_000), now)).toBe('2 घंटे');
    expect(en.timeLeft(at(27 * 3_600_000), now)).toBe('1 day 3 hours');
    expect(hi.timeLeft(at(49 * 3_600_000), now)).toBe('2 दिन 1 घंटा');
    expect(en.timeLeft(at(48 * 3_600_000), now)).toBe('2 days');
    expect(en.timeLeft(at(-1), now)).toBe('');
    expect(hi.relative(at(-86_400_000), now)).toBe('कल');
    expect(en.relative(at(-10_000), now)).toBe('just now');
  });

  it('keeps rich placeholders as given, in the language’s word order', () => {
    const strong = { tag: 'strong' };
    expect(en.parts('track.arrivingBy', { day: strong })).toEqual(['Arriving by ', strong]);
    expect(hi.parts('track.arrivingBy', { day: strong })).toEqual([strong, ' तक पहुँच जाएगा']);
  });

  it('joins alternatives with the language’s "or"', () => {
    expect(en.either(['a@b.in', '+91 98'])).toBe('a@b.in or +91 98');
    expect(hi.either(['a@b.in', '+91 98'])).toBe('a@b.in या +91 98');
  });

  it('falls back to English for an unknown language', () => {
    expect(languageOr('hi')).toBe('hi');
    expect(languageOr('fr')).toBe('en');
    expect(languageOr(undefined)).toBe('en');
    expect(languageOr(['hi'])).toBe('en');
  });
});

describe('NDR reasons for the customer', () => {
  it('English is the NDR table’s own sentence for every code, and unknown codes; Hindi is Hindi', () => {
    for (const code of [...Object.keys(NDR_CODES), 'reattempt contact', 'NOT-A-CODE', null]) {
      expect(ndrCustomerText(code, 'en')).toBe(describeNdr(code).customerText);
      expect(ndrCustomerText(code, 'hi')).toMatch(/[\u0900-\u097f]/);
    }
  });
});
