import type { ReactNode } from 'react';
import { ORDER_STATUS_LABEL, ORDER_STATUS_TONE, type OrderStatus, type Tone } from '../../shared/labels';

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
