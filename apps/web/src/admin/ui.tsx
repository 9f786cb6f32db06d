import { AlertTriangle, CircleAlert, Inbox, LoaderCircle, RotateCw } from 'lucide-react';
import type { ReactNode } from 'react';
import type { ErrorInfo } from '../shared/errors';
import { errorInfo } from '../shared/errors';
import { ORDER_STATUS_LABEL, ORDER_STATUS_TONE, type OrderStatus, type Tone } from '../shared/labels';

export function Spinner({ label, size = 16 }: { label?: string; size?: number }) {
  return (
    <LoaderCircle
      className="spin"
      size={size}
      aria-hidden={label ? undefined : true}
      aria-label={label}
      role={label ? 'img' : undefined}
    />
  );
}

export function Badge({ tone = 'neutral', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge tone-${tone}`} title={title}>
      {children}
    </span>
  );
}

export function StatusBadge({ status }: { status: OrderStatus }) {
  return (
    <Badge tone={ORDER_STATUS_TONE[status]}>
      <span className="badge-dot" aria-hidden="true" />
      {ORDER_STATUS_LABEL[status]}
    </Badge>
  );
}

export function PaymentBadge({ method }: { method: 'cod' | 'prepaid' }) {
  return method === 'cod' ? <Badge tone="amber">COD</Badge> : <Badge tone="neutral">Prepaid</Badge>;
}

/** An error a person can act on: what happened, optionally what to do, and a retry. */
export function ErrorCallout({
  error,
  title,
  advice,
  onRetry,
  children,
}: {
  error: unknown;
  title?: string;
  advice?: ReactNode;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  const info: ErrorInfo = errorInfo(error);
  return (
    <div className="callout callout-error" role="alert">
      <CircleAlert size={18} aria-hidden="true" className="callout-icon" />
      <div className="callout-body">
        {title && <p className="callout-title">{title}</p>}
        <p>{info.message}</p>
        {advice && <p className="callout-advice">{advice}</p>}
        {children}
        {onRetry && (
          <button type="button" className="btn btn-sm btn-secondary" onClick={onRetry}>
            <RotateCw size={14} aria-hidden="true" /> Try again
          </button>
        )}
      </div>
    </div>
  );
}

export function Callout({
  tone,
  title,
  children,
  icon,
}: {
  tone: 'warning' | 'info' | 'success' | 'error';
  title?: ReactNode;
  children?: ReactNode;
  icon?: ReactNode;
}) {
  return (
    <div className={`callout callout-${tone}`} role={tone === 'error' ? 'alert' : undefined}>
      <span className="callout-icon" aria-hidden="true">
        {icon ?? <AlertTriangle size={18} />}
      </span>
      <div className="callout-body">
        {title && <p className="callout-title">{title}</p>}
        {children}
      </div>
    </div>
  );
}

export function EmptyState({ title, children, icon }: { title: string; children?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="empty">
      <span className="empty-icon" aria-hidden="true">
        {icon ?? <Inbox size={22} />}
      </span>
      <p className="empty-title">{title}</p>
      {children && <div className="empty-text">{children}</div>}
    </div>
  );
}

export function Section({
  title,
  actions,
  children,
  id,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className="section" aria-labelledby={headingId}>
      <header className="section-header">
        <h3 id={headingId} className="section-title">
          {title}
        </h3>
        {actions}
      </header>
      {children}
    </section>
  );
}

export function LoadingBlock({ label }: { label: string }) {
  return (
    <div className="loading-block" role="status">
      <Spinner /> <span>{label}</span>
    </div>
  );
}

export function FieldError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return <p className="field-error">{message}</p>;
}
