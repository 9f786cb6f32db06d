import { CircleCheck, MessageSquareWarning } from 'lucide-react';
import type { NdrFormState, TrackingPageModel } from '../shared/api';
import type { Translator } from '@app/shipping/i18n';
import { calendarDays } from './format';

type Ndr = NonNullable<Extract<TrackingPageModel, { kind: 'order' }>['view']['ndr']>;

/**
 * The failed delivery and the customer's answer. The choices are the API's (they fit the NDR
 * reason and the courier's window); the form is a plain POST that redirects back, so it works with
 * JavaScript off. With JavaScript, the script shows only the fields of the chosen answer.
 */
export function NdrSection({
  ndr,
  orderNumber,
  token,
  form,
  now,
  tr,
}: {
  ndr: Ndr;
  orderNumber: string;
  token: string;
  form: NdrFormState | null;
  now: Date;
  tr: Translator;
}) {
  const { t } = tr;
  if (ndr.state === 'answered' || !ndr.choices) {
    return (
      <section className="card ndr ndr-answered" aria-labelledby="ndr-title">
        <h2 id="ndr-title" className="h2">
          <CircleCheck size={18} aria-hidden="true" /> {t('track.ndrAnsweredTitle')}
        </h2>
        {ndr.answer && (
          <>
            <p>
              {t('track.ndrYourAnswer', { summary: ndr.answer.summary })}{' '}
              <span className="subtle">{t('track.ndrSent', { when: tr.dateTime(ndr.answer.at, now) })}</span>
            </p>
            <p className="muted">{ndr.answer.nextStep}</p>
          </>
        )}
      </section>
    );
  }
  const { choices } = ndr;
  const values = form?.values ?? {};
  const errors = form?.fieldErrors ?? {};
  const chosen = values.action ?? (choices.reattempt ? 'reattempt' : choices.updateAddress ? 'update_address' : '');
  const left = tr.timeLeft(ndr.respondBy, now);
  const days = choices.reattempt ? calendarDays(choices.reattempt.earliest, choices.reattempt.latest) : [];
  const addressFields = choices.updateAddress;
  const action = `/order-tracking/${encodeURIComponent(orderNumber)}/ndr?lang=${tr.language}`;
  return (
    <section className="card ndr" aria-labelledby="ndr-title">
      <h2 id="ndr-title" className="h2">
        <MessageSquareWarning size={18} aria-hidden="true" /> {t('track.ndrTitle')}
      </h2>
      {/* The reason is in the status card above; here, what the customer can do about it and by when. */}
      <p className="muted">{left ? t('track.ndrHelpWithin', { left }) : t('track.ndrHelp')}</p>
      {form?.error && (
        <p className="notice" role="alert">
          {form.error}
        </p>
      )}
      <form
        className="ndr-form"
        method="post"
        action={action}
        data-ndr-form=""
        data-sending={t('track.sending')}
        noValidate
      >
        <input type="hidden" name="t" value={token} />
        <fieldset className="choices">
          <legend className="visually-hidden">{t('track.ndrLegend')}</legend>
          {choices.reattempt && <Choice value="reattempt" chosen={chosen} label={t('track.ndrReattempt')} />}
          {(choices.updateAddress || choices.alternatePhone) && (
            <Choice
              value="update_address"
              chosen={chosen}
              label={choices.updateAddress ? t('track.ndrFixAddress') : t('track.ndrOtherPhone')}
            />
          )}
          {choices.cancel && <Choice value="cancel" chosen={chosen} label={t('track.ndrCancel')} />}
        </fieldset>
        {errors.action && <p className="field-error">{errors.action}</p>}

        {choices.reattempt && (
          <div className="field" data-for="reattempt update_address">
            <label htmlFor="ndr-date">{t('track.ndrDay')}</label>
            <select id="ndr-date" name="preferredDate" defaultValue={values.preferredDate ?? ''}>
              <option value="">{t('track.ndrChooseDay')}</option>
              {days.map((d) => (
                <option key={d} value={d}>
                  {tr.calendarDay(d)}
                </option>
              ))}
            </select>
            <FieldError message={errors.preferredDate} />
          </div>
        )}
        {addressFields && (
          <>
            <div className="field" data-for="update_address reattempt">
              <label htmlFor="ndr-landmark">{t('track.ndrLandmark')}</label>
              <input
                id="ndr-landmark"
                name="landmark"
                maxLength={200}
                placeholder={t('track.ndrLandmarkExample')}
                defaultValue={values.landmark ?? ''}
              />
              <FieldError message={errors.landmark} />
            </div>
            <div className="field" data-for="update_address">
              <label htmlFor="ndr-address">{t('track.ndrAddressLine')}</label>
              <input
                id="ndr-address"
                name="addressLine"
                maxLength={200}
                autoComplete="address-line1"
                defaultValue={values.addressLine ?? ''}
              />
              <FieldError message={errors.addressLine} />
            </div>
          </>
        )}
        {choices.alternatePhone && (
          <div className="field" data-for="update_address reattempt">
            <label htmlFor="ndr-phone">{t('track.ndrPhone')}</label>
            <input
              id="ndr-phone"
              name="alternatePhone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              maxLength={20}
              placeholder={t('track.ndrPhoneExample')}
              defaultValue={values.alternatePhone ?? ''}
            />
            <FieldError message={errors.alternatePhone} />
          </div>
        )}
        <div className="field" data-for="reattempt update_address cancel">
          <label htmlFor="ndr-message">{t('track.ndrMessage')}</label>
          <textarea id="ndr-message" name="message" rows={2} maxLength={500} defaultValue={values.message ?? ''} />
          <FieldError message={errors.message} />
        </div>
        <button type="submit" className="btn btn-primary btn-block">
          {t('track.ndrSubmit')}
        </button>
      </form>
    </section>
  );
}

function Choice({ value, chosen, label }: { value: string; chosen: string; label: string }) {
  return (
    <label className="choice">
      <input type="radio" name="action" value={value} defaultChecked={chosen === value} />
      <span>{label}</span>
    </label>
  );
}

function FieldError({ message }: { message: string | undefined }) {
  return message ? <p className="field-error">{message}</p> : null;
}
