import { ORDER_LIMITS } from '@app/shipping/limits';
import { Lock } from 'lucide-react';

/** No order in the URL: ask for it (a plain GET form: /order-tracking?order=... redirects to its page). */
export function FindOrder() {
  return (
    <form className="card form-card" method="get" action="/order-tracking">
      <h1 className="h1">Track your order</h1>
      <p className="muted">Your order number is in the confirmation message, e.g. FB-10001.</p>
      <label htmlFor="order-number">Order number</label>
      <input
        id="order-number"
        name="order"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        required
        maxLength={ORDER_LIMITS.maxOrderNumberChars}
      />
      <button type="submit" className="btn btn-primary">
        Continue
      </button>
    </form>
  );
}

/** The only thing shown without a valid link: nothing about the order until the digits check out. */
export function PhoneForm({ orderNumber, notice }: { orderNumber: string; notice: string | null }) {
  return (
    <form
      className="card form-card"
      method="post"
      action={`/order-tracking/${encodeURIComponent(orderNumber)}/unlock`}
      aria-labelledby="unlock-title"
      data-digits-form=""
    >
      <span className="lock" aria-hidden="true">
        <Lock size={20} />
      </span>
      <h1 id="unlock-title" className="h1">
        Track order {orderNumber}
      </h1>
      <p className="muted">
        To keep your details private, enter the last four digits of the phone number you ordered with.
      </p>
      {notice && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}
      <label htmlFor="digits">Last 4 digits of your phone</label>
      <input
        id="digits"
        name="phoneLast4"
        className="digits"
        inputMode="numeric"
        autoComplete="off"
        pattern="[0-9]{4}"
        minLength={4}
        maxLength={4}
        placeholder="••••"
        required
      />
      <button type="submit" className="btn btn-primary">
        Show my order
      </button>
    </form>
  );
}
