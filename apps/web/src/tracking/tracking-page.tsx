import type { Translator } from '@app/shipping/i18n';
import type { TrackingPageModel } from '../shared/api';
import { FindOrder, PhoneForm } from './locked-page';
import { OrderView } from './order-view';
import { PageShell } from './page-shell';

/** The whole page body for one model; rendered on the server only (the browser gets HTML and a small script). */
export function TrackingPage({ model, now, tr }: { model: TrackingPageModel; now: Date; tr: Translator }) {
  return (
    <PageShell branding={model.branding} tr={tr} languageHref={model.languageHref}>
      {model.kind === 'find' ? (
        <FindOrder tr={tr} />
      ) : model.kind === 'locked' ? (
        <PhoneForm orderNumber={model.orderNumber} notice={model.notice} tr={tr} />
      ) : (
        <OrderView model={model} now={now} tr={tr} />
      )}
    </PageShell>
  );
}

export function pageTitle(model: TrackingPageModel, { t }: Translator): string {
  const store = model.branding.storeName;
  if (model.kind === 'find') return t('track.titleFind', { store });
  const orderNumber = model.kind === 'order' ? model.view.orderNumber : model.orderNumber;
  return t('track.titleOrder', { orderNumber, store });
}
