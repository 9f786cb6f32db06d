import { Mail, MessageCircle, Phone } from 'lucide-react';
import type { OrderDetail } from '../data/order-queries';
import { Section } from '../ui/section';

/** Where the parcel goes and how the customer is reached (the admin sees the full contact; customers never do). */
export function AddressSection({ detail }: { detail: OrderDetail }) {
  const { order, customer } = detail;
  const address = order.shippingAddress;
  const check = detail.addressCheck;
  return (
    <Section title="Delivery address">
      {check && check.state !== 'ok' && (
        <div
          className={`address-check address-check-${check.state}`}
          role={check.state === 'error' ? 'alert' : 'status'}
          data-testid="address-check"
        >
          <strong>{check.state === 'error' ? 'Address problem' : 'Check the address'}</strong>
          <ul>
            {check.problems.map((p) => (
              <li key={p.code} data-code={p.code}>
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {detail.codRisk && (
        <div className="address-check address-check-warning" role="status" data-testid="cod-risk">
          <strong>Cash on delivery often comes back here</strong>
          <p>{detail.codRisk.reason}. Consider calling the customer, or asking for prepayment, before shipping.</p>
        </div>
      )}
      <address className="address">
        <strong>{address.name}</strong>
        <span>{address.line1}</span>
        {address.line2 && <span>{address.line2}</span>}
        <span>
          {address.city}, {address.state} <span className="mono">{address.pincode}</span>
        </span>
      </address>
      <ul className="contact">
        <li>
          <Phone size={14} aria-hidden="true" /> <span className="visually-hidden">Phone: </span>
          {order.contactPhone}
        </li>
        {order.alternatePhone && (
          <li>
            <Phone size={14} aria-hidden="true" /> <span className="visually-hidden">Alternate phone: </span>
            {order.alternatePhone} <span className="muted">(alternate, given to the courier)</span>
          </li>
        )}
        {order.contactEmail && (
          <li>
            <Mail size={14} aria-hidden="true" /> <span className="visually-hidden">Email: </span>
            {order.contactEmail}
          </li>
        )}
        <li>
          <MessageCircle size={14} aria-hidden="true" /> WhatsApp updates {customer.whatsappOptIn ? 'on' : 'off'}
        </li>
        <li>Writes to the customer in {customer.language === 'hi' ? 'Hindi' : 'English'}</li>
      </ul>
    </Section>
  );
}
