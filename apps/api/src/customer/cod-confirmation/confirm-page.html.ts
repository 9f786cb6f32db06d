import type { Branding } from '../../platform/branding/branding.service';
import type { ConfirmPageModel } from './confirm-page.service';
import { CONFIRM_PAGE_TEXT, type ConfirmPageLanguage } from './confirm-page.strings';

/**
 * The COD confirmation page as plain HTML: forms that post and redirect (works with JavaScript
 * off), no script, one inline style (hashed into the CSP by the route). Every value is escaped here.
 */

export interface ConfirmPageExtras {
  language: ConfirmPageLanguage;
  flash: 'confirmed' | 'declined' | 'address' | null;
  error: string | null;
  fieldErrors: Partial<Record<'line1' | 'landmark' | 'pincode', string>>;
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
.muted{color:#59636e}`;

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(lang: ConfirmPageLanguage, title: string, store: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style>${CONFIRM_PAGE_STYLE}</style></head><body><header>${esc(store)}</header><main>${body}</main></body></html>`;
}

export function renderConfirmPage(model: ConfirmPageModel, branding: Branding, extras: ConfirmPageExtras): string {
  const t = CONFIRM_PAGE_TEXT[extras.language];
  const store = branding.storeName;
  if (model.kind === 'invalid') {
    return page(
      extras.language,
      t.invalidTitle(store),
      store,
      `<div class="card" data-confirm="invalid"><h1>${esc(t.invalidHeading)}</h1><p>${esc(extras.error ?? t.invalidBody)}</p></div>`,
    );
  }
  const action = (what: string) =>
    `/confirm-order/${encodeURIComponent(model.orderNumber)}/${what}?lang=${extras.language}`;
  const hidden = `<input type="hidden" name="t" value="${esc(model.token)}">`;
  const flash = extras.flash
    ? `<p class="notice" role="status">${esc(extras.flash === 'confirmed' ? t.flashConfirmed : extras.flash === 'declined' ? t.flashDeclined : t.flashAddress)}</p>`
    : '';
  const stateText =
    model.state === 'confirmed'
      ? t.stateConfirmed
      : model.state === 'declined'
        ? t.stateDeclined
        : model.state === 'expired'
          ? t.stateExpired
          : model.canAnswer
            ? null
            : t.stateClosed;
  const ask = model.canAnswer
    ? `<p>${esc(t.askPending(model.amountText))}</p>${model.answerByText ? `<p class="muted">${esc(t.answerBy(model.answerByText))}</p>` : ''}
<form method="post" action="${action('answer')}" class="actions">${hidden}
<button class="primary" type="submit" name="answer" value="confirm">${esc(t.confirm)}</button>
<button class="danger" type="submit" name="answer" value="cancel">${esc(t.cancel)}</button></form>`
    : `<p data-state="${model.state}">${esc(stateText ?? '')}</p>`;
  const v = {
    line1: extras.values.line1 ?? model.address.line1,
    landmark: extras.values.landmark ?? model.address.landmark,
    pincode: extras.values.pincode ?? model.address.pincode,
  };
  const fieldError = (name: 'line1' | 'landmark' | 'pincode') =>
    extras.fieldErrors[name] ? `<p class="error" id="${name}-error">${esc(extras.fieldErrors[name])}</p>` : '';
  const described = (name: 'line1' | 'landmark' | 'pincode') =>
    extras.fieldErrors[name] ? ` aria-invalid="true" aria-describedby="${name}-error"` : '';
  const address = model.canEditAddress
    ? `<div class="card"><h2>${esc(t.addressHeading)}</h2><p class="muted">${esc(t.addressHelp)}</p>
<form method="post" action="${action('address')}">${hidden}
${extras.error ? `<p class="error" role="alert">${esc(extras.error)}</p>` : ''}
<label for="line1">${esc(t.line1)}</label><input id="line1" name="line1" required maxlength="200" value="${esc(v.line1)}"${described('line1')}>${fieldError('line1')}
<label for="landmark">${esc(t.landmark)}</label><input id="landmark" name="landmark" maxlength="120" value="${esc(v.landmark)}"${described('landmark')}>${fieldError('landmark')}
<p class="muted">${esc([model.address.otherLine, model.address.city, model.address.state].filter(Boolean).join(', '))}</p>
<label for="pincode">${esc(t.pincode)}</label><input id="pincode" name="pincode" required inputmode="numeric" maxlength="7" value="${esc(v.pincode)}"${described('pincode')}>${fieldError('pincode')}
<p><button type="submit">${esc(t.saveAddress)}</button></p></form></div>`
    : '';
  return page(
    extras.language,
    t.title(model.orderNumber, store),
    store,
    `<div class="card" data-confirm="${model.state}">${flash}<h1>${esc(t.heading(model.orderNumber))}</h1><p>${esc(t.greeting(model.firstName))}</p>${ask}</div>${address}`,
  );
}
