import type { Translator } from '@app/shipping/i18n';
import type { TrackingPageModel } from '../shared/api';
import { isoString } from './format';
import { markup, type Html } from './html';
import { ICONS } from './icons';
import { ndrSection } from './ndr-section';

type OrderModel = Extract<TrackingPageModel, { kind: 'order' }>;
type View = OrderModel['view'];

/** A message with markup in its placeholder, in the language's word order ("{day} तक पहुँच जाएगा"). */
function rich(tr: Translator, id: Parameters<Translator['t']>[0], values: Record<string, Html>): Array<string | Html> {
  return tr.parts<Html>(id, values);
}

/** The unlocked page (every sentence about the order is the API's): status, steps, shipment (AWB with copy), the failed attempt's choices, history, masked recipient. */
export function orderView(model: OrderModel, now: Date, tr: Translator): Html {
  const { view } = model;
  const { t } = tr;
  const delivered = view.steps.find((s) => s.key === 'delivered');
  const headlineDate =
    view.status === 'delivered' && delivered?.at
      ? t('track.deliveredAt', { when: tr.dateTime(delivered.at, now) })
      : null;
  const { shipment, exception } = view;
  return markup`${
    model.flash === 'ndr_answered' &&
    markup`<p class="success" role="status">${ICONS.circleCheck18} ${t('track.thanks')} ${view.ndr?.answer?.nextStep ?? t('track.answerReceived')}</p>`
  }<section class="card hero" aria-labelledby="status-title"><p class="eyebrow">${t('track.orderEyebrow', { orderNumber: view.orderNumber })}</p><h1 id="status-title" class="${`status-title status-${view.status}`}">${view.headline.title}</h1><p class="muted">${headlineDate ?? view.headline.text}</p>${
    shipment?.arrivingBy &&
    markup`<p class="arriving-by">${rich(tr, 'track.arrivingBy', { day: markup`<strong>${tr.calendarDay(shipment.arrivingBy)}</strong>` })}</p>`
  }${stepper(view.steps, exception !== null, tr)}${
    exception &&
    markup`<div class="${`exception exception-${exception.kind}`}" role="status">${ICONS.alert18}<div><p class="exception-title">${
      exception.kind === 'failed_attempt' ? t('track.failedAttempt') : t('track.problem')
    }</p><p>${exception.text}</p></div></div>`
  }</section>${view.ndr && ndrSection(view.ndr, view.orderNumber, model.token, model.ndrForm, now, tr)}${
    shipment &&
    markup`<section class="card" aria-labelledby="shipment-title"><h2 id="shipment-title" class="h2">${ICONS.truck18} ${t('track.shipment')}</h2><dl class="facts">${fact(
      t('track.courier'),
      shipment.courierName ?? t('track.courierAssigning'),
    )}${fact(t('track.awb'), shipment.awb ? copyText(shipment.awb, tr) : t('track.awbSoon'))}${fact(
      t('track.courierStatus'),
      shipment.statusLabel,
    )}</dl>${
      shipment.trackingUrl &&
      markup`<a class="btn btn-secondary btn-block" href="${shipment.trackingUrl}" rel="noreferrer noopener">${t('track.courierSite')} ${ICONS.externalLink16}</a>`
    }</section>`
  }<section class="card" aria-labelledby="history-title"><h2 id="history-title" class="h2">${t('track.history')}</h2>${
    view.history.length === 0
      ? markup`<p class="muted">${t('track.historyEmpty')}</p>`
      : markup`<ol class="history">${view.history.map(
          (event, index) =>
            markup`<li class="${`event event-${event.kind}${index === 0 ? ' event-latest' : ''}`}"><span class="event-dot" aria-hidden="true"></span><div><p class="event-text">${event.text}</p><p class="event-meta"><time dateTime="${isoString(event.at)}">${tr.dateTime(event.at, now)}</time>${
              event.location && markup` · ${event.location}`
            }</p></div></li>`,
        )}</ol>`
  }</section><section class="card" aria-labelledby="delivery-title"><h2 id="delivery-title" class="h2">${ICONS.mapPin18} ${t('track.deliveringTo')}</h2><p class="recipient"><strong>${view.recipient.name}</strong><span>${view.recipient.city}, ${view.recipient.state} ${view.recipient.pincode}</span><span>${view.recipient.phone}</span></p><p class="subtle">${t('track.ordered', { date: tr.date(view.placedAt) })}</p></section><footer class="footer"><span>${rich(
    tr,
    'track.lastUpdated',
    {
      when: markup`<time dateTime="${isoString(view.lastUpdatedAt)}" data-updated="">${tr.relative(view.lastUpdatedAt, now)}</time>`,
    },
  )}</span><a class="link-button" href="${model.refreshUrl}" data-refresh="">${ICONS.rotateCw14} ${t('track.refresh')}</a></footer>`;
}

const STEP_CURRENT = markup` aria-current="step"`;

function stepper(steps: View['steps'], problem: boolean, tr: Translator): Html {
  const current = steps.reduce((last, step, index) => (step.reached ? index : last), -1);
  const done = tr.t('track.stepDone');
  const todo = tr.t('track.stepTodo');
  return markup`<ol class="stepper" aria-label="${tr.t('track.progress')}">${steps.map((step, index) => {
    const state =
      index < current
        ? 'done'
        : index === current
          ? problem
            ? 'problem'
            : step.key === 'delivered'
              ? 'done'
              : 'current'
          : 'todo';
    return markup`<li class="${`step step-${state}`}"${index === current ? STEP_CURRENT : ''}><span class="step-marker" aria-hidden="true">${
      state === 'done' ? ICONS.checkStep : state === 'problem' ? ICONS.alertStep : null
    }</span><span class="step-label">${step.label}</span><span class="step-date">${
      step.reached && step.at ? tr.dayMonth(step.at) : ''
    }</span><span class="visually-hidden"> ${step.reached ? done : todo}</span></li>`;
  })}</ol>`;
}

function fact(label: string, value: Html | string): Html {
  return markup`<div class="fact"><dt>${label}</dt><dd>${value}</dd></div>`;
}

/** The button appears only with JavaScript (the script un-hides it); without, the number is selectable text. */
function copyText(text: string, tr: Translator): Html {
  // The script's one word comes from data-copied, in the page's language.
  return markup`<span class="copy"><span class="mono" data-testid="awb">${text}</span><button type="button" class="icon-button" aria-label="${tr.t('track.copyAwb')}" data-copy="${text}" hidden="">${ICONS.copy15}</button><span class="copied" role="status" data-copied="${tr.t('track.copied')}"></span></span>`;
}
