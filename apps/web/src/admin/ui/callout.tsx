import { AlertTriangle, CircleAlert, RotateCw } from 'lucide-react';
import type { ReactNode } from 'react';
import { errorInfo } from '../../shared/errors';

/** An error a person can act on: what happened (the API's words), optionally what to do, and a retry. */
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
  const info = errorInfo(error);
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
