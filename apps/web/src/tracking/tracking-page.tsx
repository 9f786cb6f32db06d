import type { TrackingPageModel } from '../shared/api';
import { FindOrder, PhoneForm } from './locked-page';
import { OrderView } from './order-view';
import { PageShell } from './page-shell';

/** The whole page body for one model; rendered on the server only (the browser gets HTML and a small script). */
export function TrackingPage({ model, now }: { model: TrackingPageModel; now: Date }) {
  return (
    <PageShell branding={model.branding}>
      {model.kind === 'find' ? (
        <FindOrder />
      ) : model.kind === 'locked' ? (
        <PhoneForm orderNumber={model.orderNumber} notice={model.notice} />
      ) : (
        <OrderView model={model} now={now} />
      )}
    </PageShell>
  );
}

export function pageTitle(model: TrackingPageModel): string {
  const store = model.branding.storeName;
  if (model.kind === 'find') return `Track your order · ${store}`;
  const number = model.kind === 'order' ? model.view.orderNumber : model.orderNumber;
  return `Order ${number} · ${store}`;
}
