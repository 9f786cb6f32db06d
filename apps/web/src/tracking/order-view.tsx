import { AlertTriangle, Check, CircleCheck, Copy, ExternalLink, MapPin, RotateCw, Truck } from 'lucide-react';
import type { ReactNode } from 'react';
import type { TrackingPageModel } from '../shared/api';
import { formatCalendarDay, formatDate, formatDateTime, formatDayMonth, formatRelative, isoString } from './format';
import { NdrSection } from './ndr-section';

type OrderModel = Extract<TrackingPageModel, { kind: 'order' }>;
type View = OrderModel['view'];

/** The unlocked page (every sentence about the order is the API's): status, steps, shipment (AWB with copy), the failed attempt's choices, history, masked recipient. */
export function OrderView({ model, now }: { model: OrderModel; now: Date }) {
  const { view } = model;
  const delivered = view.steps.find((s) => s.key === 'delivered');
  const headlineDate =
    view.status === 'delivered' && delivered?.at ? `Delivered ${formatDateTime(delivered.at, now)}` : null;
  return (
    <>
      {model.flash === 'ndr_answered' && (
        <p className="success" role="status">
          <CircleCheck size={18} aria-hidden="true" /> Thank you. {view.ndr?.answer?.nextStep ?? 'We have your answer.'}
        </p>
      )}
      <section className="card hero" aria-labelledby="status-title">
        <p className="eyebrow">Order {view.orderNumber}</p>
        <h1 id="status-title" className={`status-title status-${view.status}`}>
          {view.headline.title}
        </h1>
        <p className="muted">{headlineDate ?? view.headline.text}</p>
        {view.shipment?.arrivingBy && (
          <p className="arriving-by">
            Arriving by <strong>{formatCalendarDay(view.shipment.arrivingBy)}</strong>
          </p>
        )}
        <Stepper steps={view.steps} problem={view.exception !== null} />
        {view.exception && (
          <div className={`exception exception-${view.exception.kind}`} role="status">
            <AlertTriangle size={18} aria-hidden="true" />
            <div>
              <p className="exception-title">
                {view.exception.kind === 'failed_attempt'
                  ? 'Delivery attempt failed'
                  : 'There is a problem with this delivery'}
              </p>
              <p>{view.exception.text}</p>
            </div>
          </div>
        )}
      </section>

      {view.ndr && (
        <NdrSection ndr={view.ndr} orderNumber={view.orderNumber} token={model.token} form={model.ndrForm} now={now} />
      )}

      {view.shipment && (
        <section className="card" aria-labelledby="shipment-title">
          <h2 id="shipment-title" className="h2">
            <Truck size={18} aria-hidden="true" /> Shipment
          </h2>
          <dl className="facts">
            <Fact label="Courier">{view.shipment.courierName ?? 'Being assigned'}</Fact>
            <Fact label="Tracking number">
              {view.shipment.awb ? <CopyText text={view.shipment.awb} /> : 'Coming soon'}
            </Fact>
            <Fact label="Courier status">{view.shipment.statusLabel}</Fact>
          </dl>
          {view.shipment.trackingUrl && (
            <a className="btn btn-secondary btn-block" href={view.shipment.trackingUrl} rel="noreferrer noopener">
              Track on the courier’s website <ExternalLink size={16} aria-hidden="true" />
            </a>
          )}
        </section>
      )}

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title" className="h2">
          History
        </h2>
        {view.history.length === 0 ? (
          <p className="muted">Updates appear here once your parcel ships.</p>
        ) : (
          <ol className="history">
            {view.history.map((event, index) => (
              <li key={event.id} className={`event event-${event.kind}${index === 0 ? ' event-latest' : ''}`}>
                <span className="event-dot" aria-hidden="true" />
                <div>
                  <p className="event-text">{event.text}</p>
                  <p className="event-meta">
                    <time dateTime={isoString(event.at)}>{formatDateTime(event.at, now)}</time>
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
          <MapPin size={18} aria-hidden="true" /> Delivering to
        </h2>
        <p className="recipient">
          <strong>{view.recipient.name}</strong>
          <span>
            {view.recipient.city}, {view.recipient.state} {view.recipient.pincode}
          </span>
          <span>{view.recipient.phone}</span>
        </p>
        <p className="subtle">Ordered {formatDate(view.placedAt)}. Address details are hidden for your privacy.</p>
      </section>

      <footer className="footer">
        <span>
          Last updated{' '}
          <time dateTime={isoString(view.lastUpdatedAt)} data-updated="">
            {formatRelative(view.lastUpdatedAt, now)}
          </time>
        </span>
        <a className="link-button" href={model.refreshUrl} data-refresh="">
          <RotateCw size={14} aria-hidden="true" /> Refresh
        </a>
      </footer>
    </>
  );
}

function Stepper({ steps, problem }: { steps: View['steps']; problem: boolean }) {
  const current = steps.reduce((last, step, index) => (step.reached ? index : last), -1);
  return (
    <ol className="stepper" aria-label="Delivery progress">
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
            <span className="step-date">{step.reached && step.at ? formatDayMonth(step.at) : ''}</span>
            <span className="visually-hidden">{step.reached ? ' (done)' : ' (not yet)'}</span>
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
function CopyText({ text }: { text: string }) {
  return (
    <span className="copy">
      <span className="mono" data-testid="awb">
        {text}
      </span>
      <button type="button" className="icon-button" aria-label="Copy tracking number" data-copy={text} hidden>
        <Copy size={15} aria-hidden="true" />
      </button>
      <span className="copied" role="status" data-copied="" />
    </span>
  );
}
