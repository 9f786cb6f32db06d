import type { Translator } from '@app/shipping/i18n';
import { ORDER_LIMITS } from '@app/shipping/limits';
import { Lock } from 'lucide-react';

/** No order in the URL: ask for it (a plain GET form: /order-tracking?order=... redirects to its page). */
export function FindOrder({ tr: { t, language } }: { tr: Translator }) {
  return (
    <form className="card form-card" method="get" action="/order-tracking">
      <input type="hidden" name="lang" value={language} />
      <h1 className="h1">{t('track.findHeading')}</h1>
      <p className="muted">{t('track.findHelp')}</p>
      <label htmlFor="order-number">{t('track.findLabel')}</label>
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
        {t('track.findSubmit')}
      </button>
    </form>
  );
}

/** The only thing shown without a valid link: nothing about the order until the digits check out. */
export function PhoneForm({
  orderNumber,
  notice,
  tr: { t, language },
}: {
  orderNumber: string;
  notice: string | null;
  tr: Translator;
}) {
  return (
    <form
      className="card form-card"
      method="post"
      action={`/order-tracking/${encodeURIComponent(orderNumber)}/unlock?lang=${language}`}
      aria-labelledby="unlock-title"
      data-digits-form=""
    >
      <span className="lock" aria-hidden="true">
        <Lock size={20} />
      </span>
      <h1 id="unlock-title" className="h1">
        {t('track.lockedHeading', { orderNumber })}
      </h1>
      <p className="muted">{t('track.lockedHelp')}</p>
      {notice && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}
      <label htmlFor="digits">{t('track.lockedLabel')}</label>
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
        {t('track.lockedSubmit')}
      </button>
    </form>
  );
}
