import type { Translator } from '@app/shipping/i18n';
import type { NdrFormState, TrackingPageModel } from '../shared/api';
import { calendarDays } from './format';
import { markup, type Html } from './html';
import { ICONS } from './icons';

type Ndr = NonNullable<Extract<TrackingPageModel, { kind: 'order' }>['view']['ndr']>;

/**
 * The failed delivery and the customer's answer. The choices are the API's (they fit the NDR
 * reason and the courier's window); the form is a plain POST that redirects back, so it works with
 * JavaScript off. With JavaScript, the script shows only the fields of the chosen answer.
 */
export function ndrSection(
  ndr: Ndr,
  orderNumber: string,
  token: string,
  form: NdrFormState | null,
  now: Date,
  tr: Translator,
): Html {
  const { t } = tr;
  if (ndr.state === 'answered' || !ndr.choices) {
    return markup`<section class="card ndr ndr-answered" aria-labelledby="ndr-title"><h2 id="ndr-title" class="h2">${ICONS.circleCheck18} ${t('track.ndrAnsweredTitle')}</h2>${
      ndr.answer &&
      markup`<p>${t('track.ndrYourAnswer', { summary: ndr.answer.summary })} <span class="subtle">${t('track.ndrSent', { when: tr.dateTime(ndr.answer.at, now) })}</span></p><p class="muted">${ndr.answer.nextStep}</p>`
    }</section>`;
  }
  const { choices } = ndr;
  const values = form?.values ?? {};
  const errors = form?.fieldErrors ?? {};
  const chosen = values.action ?? (choices.reattempt ? 'reattempt' : choices.updateAddress ? 'update_address' : '');
  const left = tr.timeLeft(ndr.respondBy, now);
  const days = choices.reattempt ? calendarDays(choices.reattempt.earliest, choices.reattempt.latest) : [];
  const action = `/order-tracking/${encodeURIComponent(orderNumber)}/ndr?lang=${tr.language}`;
  const preferredDate = values.preferredDate ?? '';
  const message = values.message ?? '';
  // The reason is in the status card above; here, what the customer can do about it and by when.
  return markup`<section class="card ndr" aria-labelledby="ndr-title"><h2 id="ndr-title" class="h2">${ICONS.ndr18} ${t('track.ndrTitle')}</h2><p class="muted">${
    left ? t('track.ndrHelpWithin', { left }) : t('track.ndrHelp')
  }</p>${
    form?.error && markup`<p class="notice" role="alert">${form.error}</p>`
  }<form class="ndr-form" data-ndr-form="" data-sending="${t('track.sending')}" noValidate="" action="${action}" method="post"><input type="hidden" name="t" value="${token}"/><fieldset class="choices"><legend class="visually-hidden">${t('track.ndrLegend')}</legend>${
    choices.reattempt && choice('reattempt', chosen, t('track.ndrReattempt'))
  }${
    (choices.updateAddress || choices.alternatePhone) &&
    choice('update_address', chosen, choices.updateAddress ? t('track.ndrFixAddress') : t('track.ndrOtherPhone'))
  }${choices.cancel && choice('cancel', chosen, t('track.ndrCancel'))}</fieldset>${
    errors.action && markup`<p class="field-error">${errors.action}</p>`
  }${
    choices.reattempt &&
    markup`<div class="field" data-for="reattempt update_address"><label for="ndr-date">${t('track.ndrDay')}</label><select id="ndr-date" name="preferredDate"><option value=""${preferredDate === '' ? SELECTED : ''}>${t('track.ndrChooseDay')}</option>${days.map(
      (d) => markup`<option value="${d}"${preferredDate === d ? SELECTED : ''}>${tr.calendarDay(d)}</option>`,
    )}</select>${fieldError(errors.preferredDate)}</div>`
  }${
    choices.updateAddress &&
    markup`<div class="field" data-for="update_address reattempt"><label for="ndr-landmark">${t('track.ndrLandmark')}</label><input id="ndr-landmark" maxLength="200" placeholder="${t('track.ndrLandmarkExample')}" name="landmark" value="${values.landmark ?? ''}"/>${fieldError(errors.landmark)}</div><div class="field" data-for="update_address"><label for="ndr-address">${t('track.ndrAddressLine')}</label><input id="ndr-address" maxLength="200" autoComplete="address-line1" name="addressLine" value="${values.addressLine ?? ''}"/>${fieldError(errors.addressLine)}</div>`
  }${
    choices.alternatePhone &&
    markup`<div class="field" data-for="update_address reattempt"><label for="ndr-phone">${t('track.ndrPhone')}</label><input id="ndr-phone" type="tel" inputMode="tel" autoComplete="tel" maxLength="20" placeholder="${t('track.ndrPhoneExample')}" name="alternatePhone" value="${values.alternatePhone ?? ''}"/>${fieldError(errors.alternatePhone)}</div>`
  }<div class="field" data-for="reattempt update_address cancel"><label for="ndr-message">${t('track.ndrMessage')}</label><textarea id="ndr-message" name="message" rows="2" maxLength="500">${
    // A textarea drops one leading newline: a value that starts with one gets another in front.
    message.startsWith('\n') ? '\n' : ''
  }${message}</textarea>${fieldError(errors.message)}</div><button type="submit" class="btn btn-primary btn-block">${t('track.ndrSubmit')}</button></form></section>`;
}

const SELECTED = markup` selected=""`;
const CHECKED = markup` checked=""`;

function choice(value: string, chosen: string, label: string): Html {
  return markup`<label class="choice"><input type="radio" name="action"${chosen === value ? CHECKED : ''} value="${value}"/><span>${label}</span></label>`;
}

function fieldError(message: string | undefined): Html | null {
  return message ? markup`<p class="field-error">${message}</p>` : null;
}
