import { AlertTriangle, Check, CircleCheck, Copy, ExternalLink, MapPin, RotateCw, Truck } from 'lucide-react';
import type { Translator } from '@app/shipping/i18n';
import { createElement, Fragment, type ReactElement, type ReactNode } from 'react';
import type { TrackingPageModel } from '../shared/api';
import { isoString } from './format';
import { NdrSection } from './ndr-section';

type OrderModel = Extract<TrackingPageModel, { kind: 'order' }>;
type View = OrderModel['view'];

/** The unlocked page (every sentence about the order is the API's): status, steps, shipment (AWB with copy), the failed attempt's choices, history, masked recipient. */
/** A message with an element in its placeholder, in the language's word order ("{day} तक पहुँच जाएगा"). */
function Rich({
  tr,
  id,
  values,
}: {
  tr: Translator;
  id: Parameters<Translator['t']>[0];
  values: Record<string, ReactElement>;
}) {
  return createElement(Fragment, null, ...tr.parts<ReactElement>(id, values));
}

export function OrderView({ model, now, tr }: { model: OrderModel; now: Date; tr: Translator }) {
  const { view } = model;
  const { t } = tr;
  const delivered = view.steps.find((s) => s.key === 'delivered');
  const headlineDate =
    view.status === 'delivered' && delivered?.at
      ? t('track.deliveredAt', { when: tr.dateTime(delivered.at, now) })
      : null;
  return (
    <>
      {model.flash === 'ndr_answered' && (
        <p className="success" role="status">
          <CircleCheck size={18} aria-hidden="true" /> {t('track.thanks')}{' '}
          {view.ndr?.answer?.nextStep ?? t('track.answerReceived')}
        </p>
      )}
      <section className="card hero" aria-labelledby="status-title">
        <p className="eyebrow">{t('track.orderEyebrow', { orderNumber: view.orderNumber })}</p>
        <h1 id="status-title" className={`status-title status-${view.status}`}>
          {view.headline.title}
        </h1>
        <p className="muted">{headlineDate ?? view.headline.text}</p>
        {view.shipment?.arrivingBy && (
          <p className="arriving-by">
            <Rich
              tr={tr}
              id="track.arrivingBy"
              values={{ day: <strong>{tr.calendarDay(view.shipment.arrivingBy)}</strong> }}
            />
          </p>
        )}
        <Stepper steps={view.steps} problem={view.exception !== null} tr={tr} />
        {view.exception && (
          <div className={`exception exception-${view.exception.kind}`} role="status">
            <AlertTriangle size={18} aria-hidden="true" />
            <div>
              <p className="exception-title">
                {view.exception.kind === 'failed_attempt' ? t('track.failedAttempt') : t('track.problem')}
              </p>
              <p>{view.exception.text}</p>
            </div>
          </div>
        )}
      </section>

      {view.ndr && (
        <NdrSection
          ndr={view.ndr}
          orderNumber={view.orderNumber}
          token={model.token}
          form={model.ndrForm}
          now={now}
          tr={tr}
        />
      )}

      {view.shipment && (
        <section className="card" aria-labelledby="shipment-title">
          <h2 id="shipment-title" className="h2">
            <Truck size={18} aria-hidden="true" /> {t('track.shipment')}
          </h2>
          <dl className="facts">
            <Fact label={t('track.courier')}>{view.shipment.courierName ?? t('track.courierAssigning')}</Fact>
            <Fact label={t('track.awb')}>
              {view.shipment.awb ? <CopyText text={view.shipment.awb} tr={tr} /> : t('track.awbSoon')}
            </Fact>
            <Fact label={t('track.courierStatus')}>{view.shipment.statusLabel}</Fact>
          </dl>
          {view.shipment.trackingUrl && (
            <a className="btn btn-secondary btn-block" href={view.shipment.trackingUrl} rel="noreferrer noopener">
              {t('track.courierSite')} <ExternalLink size={16} aria-hidden="true" />
            </a>
          )}
        </section>
      )}

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title" className="h2">
          {t('track.history')}
        </h2>
        {view.history.length === 0 ? (
          <p className="muted">{t('track.historyEmpty')}</p>
        ) : (
          <ol className="history">
            {view.history.map((event, index) => (
              <li key={event.id} className={`event event-${event.kind}${index === 0 ? ' event-latest' : ''}`}>
                <span className="event-dot" aria-hidden="true" />
                <div>
                  <p className="event-text">{event.text}</p>
                  <p className="event-meta">
                    <time dateTime={isoString(event.at)}>{tr.dateTime(event.at, now)}</time>
                    {event.location && (
                      <>
                        {' · '}
                        {event.location}
                      </>
                    )}
                  </p>
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="card" aria-labelledby="delivery-title">
        <h2 id="delivery-title" className="h2">
          <MapPin size={18} aria-hidden="true" /> {t('track.deliveringTo')}
        </h2>
        <p className="recipient">
          <strong>{view.recipient.name}</strong>
          <span>
            {view.recipient.city}, {view.recipient.state} {view.recipient.pincode}
          </span>
          <span>{view.recipient.phone}</span>
        </p>
        <p className="subtle">{t('track.ordered', { date: tr.date(view.placedAt) })}</p>
      </section>

      <footer className="footer">
        <span>
          <Rich
            tr={tr}
            id="track.lastUpdated"
            values={{
              when: (
                <time dateTime={isoString(view.lastUpdatedAt)} data-updated="">
                  {tr.relative(view.lastUpdatedAt, now)}
                </time>
              ),
            }}
          />
        </span>
        <a className="link-button" href={model.refreshUrl} data-refresh="">
          <RotateCw size={14} aria-hidden="true" /> {t('track.refresh')}
        </a>
      </footer>
    </>
  );
}

function Stepper({ steps, problem, tr }: { steps: View['steps']; problem: boolean; tr: Translator }) {
  const current = steps.reduce((last, step, index) => (step.reached ? index : last), -1);
  return (
    <ol className="stepper" aria-label={tr.t('track.progress')}>
      {steps.map((step, index) => {
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
        return (
          <li key={step.key} className={`step step-${state}`} aria-current={index === current ? 'step' : undefined}>
            <span className="step-marker" aria-hidden="true">
              {state === 'done' ? (
                <Check size={14} strokeWidth={3} />
              ) : state === 'problem' ? (
                <AlertTriangle size={13} strokeWidth={2.5} />
              ) : null}
            </span>
            <span className="step-label">{step.label}</span>
            <span className="step-date">{step.reached && step.at ? tr.dayMonth(step.at) : ''}</span>
            <span className="visually-hidden"> {step.reached ? tr.t('track.stepDone') : tr.t('track.stepTodo')}</span>
          </li>
        );
      })}
    </ol>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The button appears only with JavaScript (the script un-hides it); without, the number is selectable text. */
function CopyText({ text, tr }: { text: string; tr: Translator }) {
  return (
    <span className="copy">
      <span className="mono" data-testid="awb">
        {text}
      </span>
      <button type="button" className="icon-button" aria-label={tr.t('track.copyAwb')} data-copy={text} hidden>
        <Copy size={15} aria-hidden="true" />
      </button>
      {/* The script's one word comes from here, in the page's language. */}
      <span className="copied" role="status" data-copied={tr.t('track.copied')} />
    </span>
  );
}
