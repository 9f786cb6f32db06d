import type { Translator } from '@app/shipping/i18n';
import { ORDER_LIMITS } from '@app/shipping/limits';
import { markup, type Html } from './html';
import { ICONS } from './icons';

/** No order in the URL: ask for it (a plain GET form: /order-tracking?order=... redirects to its page). */
export function findOrder({ t, language }: Translator): Html {
  return markup`<form class="card form-card" action="/order-tracking" method="get"><input type="hidden" name="lang" value="${language}"/><h1 class="h1">${t('track.findHeading')}</h1><p class="muted">${t('track.findHelp')}</p><label for="order-number">${t('track.findLabel')}</label><input id="order-number" autoComplete="off" autoCapitalize="characters" spellCheck="false" required="" maxLength="${ORDER_LIMITS.maxOrderNumberChars}" name="order"/><button type="submit" class="btn btn-primary">${t('track.findSubmit')}</button></form>`;
}

/** The only thing shown without a valid link: nothing about the order until the digits check out. */
export function phoneForm(orderNumber: string, notice: string | null, { t, language }: Translator): Html {
  const action = `/order-tracking/${encodeURIComponent(orderNumber)}/unlock?lang=${language}`;
  return markup`<form class="card form-card" aria-labelledby="unlock-title" data-digits-form="" action="${action}" method="post"><span class="lock" aria-hidden="true">${ICONS.lock20}</span><h1 id="unlock-title" class="h1">${t('track.lockedHeading', { orderNumber })}</h1><p class="muted">${t('track.lockedHelp')}</p>${
    notice && markup`<p class="notice" role="alert">${notice}</p>`
  }<label for="digits">${t('track.lockedLabel')}</label><input id="digits" class="digits" inputMode="numeric" autoComplete="off" pattern="[0-9]{4}" minLength="4" maxLength="4" placeholder="••••" required="" name="phoneLast4"/><button type="submit" class="btn btn-primary">${t('track.lockedSubmit')}</button></form>`;
}
