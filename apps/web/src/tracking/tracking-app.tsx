import { AlertTriangle, Check, Copy, ExternalLink, Lock, MapPin, Package, RotateCw, Truck } from 'lucide-react';
import { useId, useState, type SyntheticEvent, type ReactNode } from 'react';
import { errorInfo } from '../shared/errors';
import { formatDate, formatDateTime, formatRelative, toDate } from '../shared/format';
import { parseTrackingUrl } from './tracking-route';
import { useTracking, type TrackingInput, type TrackingOutput } from './use-tracking';

type Tracking = Extract<TrackingOutput, { state: 'ok' }>;

export function TrackingApp() {
  const [{ orderNumber, token }] = useState(() => parseTrackingUrl(window.location.pathname + window.location.search));
  return (
    <div className="page">
      <header className="topbar">
        <span className="logo" aria-hidden="true">
          <Package size={18} />
        </span>
        <span className="topbar-title">Order status</span>
      </header>
      <main className="content">
        {orderNumber ? <OrderTracking orderNumber={orderNumber} token={token} /> : <FindOrder />}
      </main>
    </div>
  );
}

/** No order in the URL: ask for it, then go to its page. */
function FindOrder() {
  const [value, setValue] = useState('');
  const id = useId();
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const number = value.trim();
    if (number) window.location.assign(`/order-tracking/${encodeURIComponent(number)}`);
  };
  return (
    <form className="card form-card" onSubmit={submit}>
      <h1 className="h1">Track your order</h1>
      <p className="muted">Your order number is in the confirmation message, e.g. FB-10001.</p>
      <label htmlFor={`${id}-number`}>Order number</label>
      <input
        id={`${id}-number`}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        required
        maxLength={40}
      />
      <button type="submit" className="btn btn-primary">
        Continue
      </button>
    </form>
  );
}

function OrderTracking({ orderNumber, token }: { orderNumber: string; token: string | null }) {
  // The phone digits replace a link token that did not check out.
  const [phoneLast4, setPhoneLast4] = useState<string | null>(null);
  const input: TrackingInput = phoneLast4
    ? { orderId: orderNumber, phoneLast4 }
    : token
      ? { orderId: orderNumber, token }
      : { orderId: orderNumber };
  const query = useTracking(input);

  if (query.data?.state === 'ok')
    return <TrackingView data={query.data} refreshing={query.loading} onRefresh={query.refetch} />;

  const info = query.error ? errorInfo(query.error) : null;
  if (query.loading && !query.data && !info && !phoneLast4) return <TrackingSkeleton />;
  // Failures other than "not found", "too many tries" or a bad input are ours, not the customer's.
  const answered =
    info?.appCode === 'TRACKING_NOT_FOUND' || info?.appCode === 'RATE_LIMITED' || info?.code === 'BAD_REQUEST';
  if (info && !answered && !phoneLast4) return <LoadError message={info.message} onRetry={query.refetch} />;

  let message: string | null = null;
  if (info?.appCode === 'RATE_LIMITED') message = 'Too many attempts. Please wait a few minutes and try again.';
  else if (info?.appCode === 'TRACKING_NOT_FOUND')
    message = phoneLast4
      ? 'We couldn’t find an order with those details. Check the order number and the last four digits of your phone.'
      : 'This link didn’t work. Enter the last four digits of your phone number instead.';
  else if (info) message = info.message;

  return (
    <PhoneForm
      orderNumber={orderNumber}
      pending={query.loading}
      message={query.loading ? null : message}
      onSubmit={(digits) => {
        if (digits === phoneLast4) query.refetch();
        else setPhoneLast4(digits);
      }}
    />
  );
}

function PhoneForm({
  orderNumber,
  pending,
  message,
  onSubmit,
}: {
  orderNumber: string;
  pending: boolean;
  message: string | null;
  onSubmit: (digits: string) => void;
}) {
  const [digits, setDigits] = useState('');
  const [touched, setTouched] = useState(false);
  const id = useId();
  const valid = /^\d{4}$/.test(digits);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setTouched(true);
    if (valid && !pending) onSubmit(digits);
  };
  return (
    <form className="card form-card" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <span className="lock" aria-hidden="true">
        <Lock size={20} />
      </span>
      <h1 id={`${id}-title`} className="h1">
        Track order {orderNumber}
      </h1>
      <p className="muted">
        To keep your details private, enter the last four digits of the phone number you ordered with.
      </p>
      {message && (
        <p className="notice" role="alert">
          {message}
        </p>
      )}
      <label htmlFor={`${id}-digits`}>Last 4 digits of your phone</label>
      <input
        id={`${id}-digits`}
        className="digits"
        inputMode="numeric"
        autoComplete="off"
        pattern="[0-9]{4}"
        maxLength={4}
        placeholder="••••"
        value={digits}
        onChange={(e) => setDigits(e.target.value.replace(/\D/g, '').slice(0, 4))}
        aria-invalid={touched && !valid ? true : undefined}
        aria-describedby={touched && !valid ? `${id}-hint` : undefined}
        autoFocus
      />
      {touched && !valid && (
        <p id={`${id}-hint`} className="field-error">
          Enter exactly four digits.
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? 'Checking…' : 'Show my order'}
      </button>
    </form>
  );
}

function TrackingSkeleton() {
  return (
    <div className="card" role="status" aria-label="Loading your order">
      <span className="skeleton skeleton-sm" />
      <span className="skeleton skeleton-lg" />
      <span className="skeleton" />
      <span className="skeleton" />
    </div>
  );
}

function LoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="card center" role="alert">
      <h1 className="h1">We couldn’t load your order</h1>
      <p className="muted">{message}</p>
      <button type="button" className="btn btn-secondary" onClick={onRetry}>
        <RotateCw size={16} aria-hidden="true" /> Try again
      </button>
    </div>
  );
}

const SUBTITLE: Record<Tracking['status'], string> = {
  pending: 'We have your order and will confirm it shortly.',
  processing: 'We’re packing your order. You’ll get a tracking number when it ships.',
  shipped: 'Your parcel is on its way.',
  out_for_delivery: 'Your parcel is out for delivery today. Keep your phone close.',
  returning: 'The parcel is on its way back to us.',
  delivered: 'Your parcel has been delivered.',
  returned: 'The parcel came back to us.',
  cancelled: 'This order’s shipment was cancelled.',
  lost: 'The courier reported a problem with your parcel.',
};

function TrackingView({ data, refreshing, onRefresh }: { data: Tracking; refreshing: boolean; onRefresh: () => void }) {
  const delivered = data.steps.find((s) => s.key === 'delivered');
  const headlineDate =
    data.status === 'delivered' && delivered?.at ? `Delivered ${formatDateTime(delivered.at)}` : null;
  return (
    <>
      <section className="card hero" aria-labelledby="status-title">
        <p className="eyebrow">Order {data.orderNumber}</p>
        <h1 id="status-title" className={`status-title status-${data.status}`}>
          {data.statusLabel}
        </h1>
        <p className="muted">{headlineDate ?? SUBTITLE[data.status]}</p>
        <Stepper steps={data.steps} problem={data.exception !== null} />
        {data.exception && (
          <div className={`exception exception-${data.exception.kind}`} role="status">
            <AlertTriangle size={18} aria-hidden="true" />
            <div>
              <p className="exception-title">
                {data.exception.kind === 'failed_attempt'
                  ? 'Delivery attempt failed'
                  : 'There is a problem with this delivery'}
              </p>
              <p>{data.exception.text.replace(/^Delivery attempt failed:\s*/i, '')}</p>
            </div>
          </div>
        )}
      </section>

      {data.shipment && (
        <section className="card" aria-labelledby="shipment-title">
          <h2 id="shipment-title" className="h2">
            <Truck size={18} aria-hidden="true" /> Shipment
          </h2>
          <dl className="facts">
            <Fact label="Courier">{data.shipment.courierName ?? 'Being assigned'}</Fact>
            <Fact label="Tracking number">
              {data.shipment.awb ? <CopyText text={data.shipment.awb} /> : 'Coming soon'}
            </Fact>
            <Fact label="Courier status">{data.shipment.statusLabel}</Fact>
          </dl>
          {data.shipment.trackingUrl && (
            <a
              className="btn btn-secondary btn-block"
              href={data.shipment.trackingUrl}
              target="_blank"
              rel="noreferrer noopener"
            >
              Track on the courier’s website <ExternalLink size={16} aria-hidden="true" />
            </a>
          )}
        </section>
      )}

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title" className="h2">
          History
        </h2>
        {data.history.length === 0 ? (
          <p className="muted">Updates appear here once your parcel ships.</p>
        ) : (
          <ol className="history">
            {data.history.map((event, index) => (
              <li key={event.id} className={`event event-${event.kind}${index === 0 ? ' event-latest' : ''}`}>
                <span className="event-dot" aria-hidden="true" />
                <div>
                  <p className="event-text">{event.text}</p>
                  <p className="event-meta">
                    <time dateTime={toDate(event.at).toISOString()}>{formatDateTime(event.at)}</time>
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
          <strong>{data.recipient.name}</strong>
          <span>
            {data.recipient.city}, {data.recipient.state} {data.recipient.pincode}
          </span>
          <span>{data.recipient.phone}</span>
        </p>
        <p className="subtle">Ordered {formatDate(data.placedAt)}. Address details are hidden for your privacy.</p>
      </section>

      <footer className="footer">
        <span>
          Last updated{' '}
          <time dateTime={toDate(data.lastUpdatedAt).toISOString()}>{formatRelative(data.lastUpdatedAt)}</time>
        </span>
        <button type="button" className="link-button" onClick={onRefresh} disabled={refreshing}>
          <RotateCw size={14} aria-hidden="true" className={refreshing ? 'spin' : undefined} /> Refresh
        </button>
      </footer>
    </>
  );
}

function Stepper({ steps, problem }: { steps: Tracking['steps']; problem: boolean }) {
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
            <span className="step-date">
              {step.reached && step.at ? formatDate(step.at).replace(/ \d{4}$/, '') : ''}
            </span>
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

function CopyText({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="copy">
      <span className="mono" data-testid="awb">
        {text}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label="Copy tracking number"
        onClick={() =>
          void navigator.clipboard?.writeText(text).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          })
        }
      >
        {copied ? <Check size={15} aria-hidden="true" /> : <Copy size={15} aria-hidden="true" />}
      </button>
      {copied && (
        <span className="copied" role="status">
          Copied
        </span>
      )}
    </span>
  );
}
