import { IntlMessageFormat } from 'intl-messageformat';
import { findNdrCode } from '../ndr';
import en from './catalogues/en.json' with { type: 'json' };
import hi from './catalogues/hi.json' with { type: 'json' };

/**
 * The customer's words: one ICU MessageFormat catalogue per language (catalogues/en.json,
 * catalogues/hi.json; every key in both, with the same placeholders: i18n.test.ts), read through
 * intl-messageformat (FormatJS), and Intl formatting of dates, money and plurals for en-IN and
 * hi-IN. Runs in Node and in browsers (the tracking page's SSR bundle carries it).
 */

export const LANGUAGES = ['en', 'hi'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The locale each language is formatted in: Indian English and Hindi (India). */
export const LANGUAGE_LOCALE = { en: 'en-IN', hi: 'hi-IN' } as const satisfies Record<Language, string>;

/** Each language's name in its own script (what a language switch shows). */
export const LANGUAGE_NAME = { en: 'English', hi: 'हिन्दी' } as const satisfies Record<Language, string>;

export type MessageKey = keyof typeof en;

export const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, hi };

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l === value);
}

/** A stored or asked-for language, or English when there is none or it is not one we write in. */
export function languageOr(value: unknown, fallback: Language = 'en'): Language {
  return isLanguage(value) ? value : fallback;
}

type Values = Record<string, string | number>;

/** The customers are in India: every instant is shown on an Indian clock. */
const TIME_ZONE = 'Asia/Kolkata';

/** Plain functions (no `this`): a page may take `const { t } = translator(language)`. */
export interface Translator {
  language: Language;
  locale: string;
  /** The message for `key`, its placeholders filled (ICU: plurals and selects included). */
  t: (key: MessageKey, values?: Values) => string;
  /** The message with some placeholders given as other things (a React element): the parts in order. */
  parts: <T extends object>(key: MessageKey, values: Record<string, string | number | T>) => Array<string | T>;
  /** Rupees from paise, with Indian grouping in both languages: "₹12,34,567.50". */
  money: (paise: number) => string;
  /** 'yyyy-mm-dd' (a calendar day) -> "Wed, 9 Dec" / "बुधवार, 9 दिसंबर". */
  calendarDay: (day: string) => string;
  /** "9 Dec 2026" / "9 दिसंबर 2026". */
  date: (at: Date | string) => string;
  /** "9 Dec" / "9 दिसंबर". */
  dayMonth: (at: Date | string) => string;
  /** "9 Dec, 3:04 pm" (the year when it is not `now`'s). */
  dateTime: (at: Date | string, now?: Date) => string;
  /** "Tue, 8 Dec, 8:08 pm": a deadline with its weekday. */
  deadline: (at: Date) => string;
  /** "2 minutes ago", "yesterday", "just now"; the date after a week. */
  relative: (at: Date | string, now?: Date) => string;
  /** "1 day 3 hours", "45 minutes" until `until`; "" when past. */
  timeLeft: (until: Date | string, now?: Date) => string;
  /** "a or b" / "a या b". */
  either: (items: readonly string[]) => string;
}

const cache = new Map<string, IntlMessageFormat>();

function compiled(language: Language, key: MessageKey): IntlMessageFormat {
  const id = `${language}\u0000${key}`;
  let format = cache.get(id);
  if (!format) {
    format = new IntlMessageFormat(CATALOGUES[language][key], LANGUAGE_LOCALE[language]);
    cache.set(id, format);
  }
  return format;
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

const translators = new Map<Language, Translator>();

/** The translator for a language (made once per language: the Intl formatters are reused). */
export function translator(language: Language): Translator {
  const existing = translators.get(language);
  if (existing) return existing;
  const locale = LANGUAGE_LOCALE[language];
  // Hindi readers get the month and weekday in full ("बुधवार, 9 दिसंबर"): the short forms ("बुध, 9 दिस॰") read as clipped.
  const month = language === 'hi' ? 'long' : 'short';
  const weekdayStyle = language === 'hi' ? 'long' : 'short';
  const rupees = new Intl.NumberFormat(locale, { style: 'currency', currency: 'INR', minimumFractionDigits: 2 });
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month, year: 'numeric', timeZone: TIME_ZONE });
  const dayShort = new Intl.DateTimeFormat(locale, { day: 'numeric', month, timeZone: TIME_ZONE });
  const calendar = new Intl.DateTimeFormat(locale, {
    weekday: weekdayStyle,
    day: 'numeric',
    month,
    timeZone: 'UTC',
  });
  // Hindi says the part of the day ("दोपहर 3:04", "रात 8:08"), as people say it; English "3:04 pm".
  const hours: Intl.DateTimeFormatOptions =
    language === 'hi'
      ? { hour: 'numeric', minute: '2-digit', dayPeriod: 'short' }
      : { hour: 'numeric', minute: '2-digit', hour12: true };
  const clock = new Intl.DateTimeFormat(locale, { ...hours, timeZone: TIME_ZONE });
  const year = new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: TIME_ZONE });
  const deadline = new Intl.DateTimeFormat(locale, {
    weekday: weekdayStyle,
    day: 'numeric',
    month,
    ...hours,
    timeZone: TIME_ZONE,
  });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const list = new Intl.ListFormat(locale, { type: 'disjunction' });

  // A message without values is the same string every time: formatted once (a page asks for ~40).
  const fixed = new Map<MessageKey, string>();
  const t: Translator['t'] = (key, values) => {
    if (values !== undefined) return String(compiled(language, key).format(values));
    let text = fixed.get(key);
    if (text === undefined) {
      text = String(compiled(language, key).format());
      fixed.set(key, text);
    }
    return text;
  };
  const made: Translator = {
    language,
    locale,
    t,
    parts<T extends object>(key: MessageKey, values: Record<string, string | number | T>): Array<string | T> {
      const out = compiled(language, key).format<T>(values);
      const list: Array<string | T> = Array.isArray(out) ? out : [out];
      return list.filter((p) => p !== '');
    },
    money: (paise) => rupees.format(paise / 100),
    calendarDay: (d) => calendar.format(new Date(`${d}T00:00:00Z`)),
    date: (at) => day.format(toDate(at)),
    dayMonth: (at) => dayShort.format(toDate(at)),
    dateTime(at, now = new Date()) {
      const date = toDate(at);
      const sameYear = year.format(date) === year.format(now);
      return t('time.dateTime', {
        day: (sameYear ? dayShort : day).format(date),
        time: clock.format(date).toLowerCase(),
      });
    },
    deadline: (at) => deadline.format(at),
    relative(at, now = new Date()) {
      const date = toDate(at);
      const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 45) return t('time.justNow');
      if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
      if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
      return day.format(date);
    },
    timeLeft(until, now = new Date()) {
      const ms = toDate(until).getTime() - now.getTime();
      if (ms <= 0) return '';
      const hours = Math.floor(ms / 3_600_000);
      if (hours >= 24) return t('time.daysHours', { days: Math.floor(hours / 24), hours: hours % 24 }).trim();
      if (hours >= 1) return t('time.hours', { hours });
      return t('time.minutes', { minutes: Math.max(1, Math.floor(ms / 60_000)) });
    },
    either: (items) => list.format(items),
  };
  translators.set(language, made);
  return made;
}

/**
 * The customer's sentence for an NDR `type` (any spelling iCarry sends), in their language: the
 * catalogue's `ndr.<CODE>`, or `ndr.unknown` for a code not in the table (as describeNdr does).
 */
export function ndrCustomerText(type: string | null | undefined, language: Language): string {
  const code = findNdrCode(type);
  return translator(language).t(code === undefined ? 'ndr.unknown' : `ndr.${code}`);
}
