import type { ReactNode } from 'react';
import {
  ORDER_STATUS_LABEL,
  ORDER_STATUS_TONE,
  SHIPMENT_STATUS_LABEL,
  SHIPMENT_STATUS_TONE,
  type OrderStatus,
  type ShipmentStatus,
  type Tone,
} from '../../shared/labels';

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

/** A courier status; `null` is a booking iCarry has not reported on yet. */
export function ShipmentStatusBadge({ status }: { status: ShipmentStatus | null }) {
  return (
    <Badge tone={status ? SHIPMENT_STATUS_TONE[status] : 'violet'}>
      {status ? SHIPMENT_STATUS_LABEL[status] : 'Booked'}
    </Badge>
  );
}

export function PaymentBadge({ method }: { method: 'cod' | 'prepaid' }) {
  return method === 'cod' ? <Badge tone="amber">COD</Badge> : <Badge tone="neutral">Prepaid</Badge>;
}
