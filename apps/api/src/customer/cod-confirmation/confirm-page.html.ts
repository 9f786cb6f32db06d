import type { Branding } from '../../platform/branding/branding.service';
import type { ConfirmPageModel } from './confirm-page.service';
import { LANGUAGE_NAME, LANGUAGES, translator, type MessageKey, type Translator } from '@app/shipping/i18n';
import type { ConfirmPageLanguage } from './confirm-page.strings';

/**
 * The COD confirmation page as plain HTML: forms that post and redirect (works with JavaScript
 * off), no script, one inline style (hashed into the CSP by the route). Every value is escaped here.
 */

export interface ConfirmPageExtras {
  /** The language `?lang=` asked for; null: the customer's own (the model's), or English without an order. */
  language: ConfirmPageLanguage | null;
  flash: 'confirmed' | 'declined' | 'address' | null;
  /** A message for the whole page or form (a catalogue key: the page says it in its language). */
  error: MessageKey | null;
  fieldErrors: Partial<Record<'line1' | 'landmark' | 'pincode', MessageKey>>;
  values: Partial<Record<'line1' | 'landmark' | 'pincode', string>>;
}

export const CONFIRM_PAGE_STYLE = `body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1f2328;background:#f6f7f9}
main{max-width:34rem;margin:0 auto;padding:1rem}header{padding:1rem;background:#fff;border-bottom:1px solid #e3e5e8;font-weight:600}
.card{background:#fff;border:1px solid #e3e5e8;border-radius:.75rem;padding:1rem 1.25rem;margin:1rem 0}
h1{font-size:1.35rem;margin:.25rem 0 .75rem}h2{font-size:1.1rem;margin:0 0 .5rem}
.actions{display:flex;gap:.75rem;flex-wrap:wrap}button{font:inherit;padding:.7rem 1.1rem;border-radius:.5rem;border:1px solid #c9ccd1;background:#fff;cursor:pointer}
button.primary{background:#1a7f37;border-color:#1a7f37;color:#fff}button.danger{color:#b42318;border-color:#f0b4ae}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}input{font:inherit;width:100%;box-sizing:border-box;padding:.55rem .6rem;border:1px solid #c9ccd1;border-radius:.4rem}
.notice{background:#eef6ee;border:1px solid #b7dcb9;padding:.6rem .8rem;border-radius:.5rem}.error{color:#b42318;margin:.25rem 0 0}
.muted{color:#59636e}nav.lang{display:flex;gap:.75rem;justify-content:flex-end;font-size:.9rem;padding:.5rem 1rem 0}
nav.lang a{color:#0b57d0}nav.lang [aria-current]{font-weight:600;color:#1f2328;text-decoration:none}`;

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(tr: Translator, title: string, store: string, body: string, switcher = ''): string {
  return `<!doctype html><html lang="${tr.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style>${CONFIRM_PAGE_STYLE}</style></head><body><header>${esc(store)}</header>${switcher}<main>${body}</main></body></html>`;
}

/** The language switch: plain links (no script), each language named in its own script. */
function languageLinks(current: ConfirmPageLanguage, href: (language: ConfirmPageLanguage) => string): string {
  const links = LANGUAGES.map((l) =>
    l === current
      ? `<span lang="${l}" aria-current="true">${esc(LANGUAGE_NAME[l])}</span>`
      : `<a lang="${l}" hreflang="${l}" href="${esc(href(l))}">${esc(LANGUAGE_NAME[l])}</a>`,
  );
  return `<nav class="lang" aria-label="${esc(translator(current).t('lang.label'))}">${links.join('')}</nav>`;
}

export function renderConfirmPage(model: ConfirmPageModel, branding: Branding, extras: ConfirmPageExtras): string {
  const store = branding.storeName;
  if (model.kind === 'invalid') {
    const tr = translator(extras.language ?? 'en');
    return page(
      tr,
      tr.t('confirm.invalidTitle', { store }),
      store,
      `<div class="card" data-confirm="invalid"><h1>${esc(tr.t('confirm.invalidHeading'))}</h1><p>${esc(tr.t(extras.error ?? 'confirm.invalidBody'))}</p></div>`,
    );
  }
  const language = extras.language ?? model.language;
  const tr = translator(language);
  const t = tr.t;
  const pagePath = `/confirm-order/${encodeURIComponent(model.orderNumber)}`;
  const action = (what: string) => `${pagePath}/${what}?lang=${language}`;
  const hidden = `<input type="hidden" name="t" value="${esc(model.token)}">`;
  const flash = extras.flash
    ? `<p class="notice" role="status">${esc(t(extras.flash === 'confirmed' ? 'confirm.flashConfirmed' : extras.flash === 'declined' ? 'confirm.flashDeclined' : 'confirm.flashAddress'))}</p>`
    : '';
  const stateText =
    model.state === 'confirmed'
      ? t('confirm.stateConfirmed')
      : model.state === 'declined'
        ? t('confirm.stateDeclined')
        : model.state === 'expired'
          ? t('confirm.stateExpired')
          : model.canAnswer
            ? null
            : t('confirm.stateClosed');
  const ask = model.canAnswer
    ? `<p>${esc(t('confirm.askPending', { amount: tr.money(model.codAmountPaise) }))}</p>${model.answerBy ? `<p class="muted">${esc(t('confirm.answerBy', { when: tr.deadline(model.answerBy) }))}</p>` : ''}
<form method="post" action="${action('answer')}" class="actions">${hidden}
<button class="primary" type="submit" name="answer" value="confirm">${esc(t('confirm.confirm'))}</button>
<button class="danger" type="submit" name="answer" value="cancel">${esc(t('confirm.cancel'))}</button></form>`
    : `<p data-state="${model.state}">${esc(stateText ?? '')}</p>`;
  const v = {
    line1: extras.values.line1 ?? model.address.line1,
    landmark: extras.values.landmark ?? model.address.landmark,
    pincode: extras.values.pincode ?? model.address.pincode,
  };
  const fieldError = (name: 'line1' | 'landmark' | 'pincode') => {
    const key = extras.fieldErrors[name];
    return key ? `<p class="error" id="${name}-error">${esc(t(key))}</p>` : '';
  };
  const described = (name: 'line1' | 'landmark' | 'pincode') =>
    extras.fieldErrors[name] ? ` aria-invalid="true" aria-describedby="${name}-error"` : '';
  const address = model.canEditAddress
    ? `<div class="card"><h2>${esc(t('confirm.addressHeading'))}</h2><p class="muted">${esc(t('confirm.addressHelp'))}</p>
<form method="post" action="${action('address')}">${hidden}
${extras.error ? `<p class="error" role="alert">${esc(t(extras.error))}</p>` : ''}
<label for="line1">${esc(t('confirm.line1'))}</label><input id="line1" name="line1" required maxlength="200" value="${esc(v.line1)}"${described('line1')}>${fieldError('line1')}
<label for="landmark">${esc(t('confirm.landmark'))}</label><input id="landmark" name="landmark" maxlength="120" value="${esc(v.landmark)}"${described('landmark')}>${fieldError('landmark')}
<p class="muted">${esc([model.address.otherLine, model.address.city, model.address.state].filter(Boolean).join(', '))}</p>
<label for="pincode">${esc(t('confirm.pincode'))}</label><input id="pincode" name="pincode" required inputmode="numeric" maxlength="7" value="${esc(v.pincode)}"${described('pincode')}>${fieldError('pincode')}
<p><button type="submit">${esc(t('confirm.saveAddress'))}</button></p></form></div>`
    : '';
  const greeting = model.firstName ? t('confirm.greeting', { name: model.firstName }) : t('confirm.greetingNoName');
  return page(
    tr,
    t('confirm.title', { orderNumber: model.orderNumber, store }),
    store,
    `<div class="card" data-confirm="${model.state}">${flash}<h1>${esc(t('confirm.heading', { orderNumber: model.orderNumber }))}</h1><p>${esc(greeting)}</p>${ask}</div>${address}`,
    languageLinks(language, (l) => `${pagePath}?t=${encodeURIComponent(model.token)}&lang=${l}`),
  );
}
