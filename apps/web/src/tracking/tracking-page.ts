import type { Translator } from '@app/shipping/i18n';
import type { TrackingPageModel } from '../shared/api';
import type { Html } from './html';
import { findOrder, phoneForm } from './locked-page';
import { orderView } from './order-view';
import { pageShell } from './page-shell';

/** The whole page body for one model; rendered on the server only (the browser gets HTML and a small script). */
export function trackingPageBody(model: TrackingPageModel, now: Date, tr: Translator): Html {
  return pageShell(
    model.branding,
    tr,
    model.languageHref,
    model.kind === 'find'
      ? findOrder(tr)
      : model.kind === 'locked'
        ? phoneForm(model.orderNumber, model.notice, tr)
        : orderView(model, now, tr),
  );
}

export function pageTitle(model: TrackingPageModel, { t }: Translator): string {
  const store = model.branding.storeName;
  if (model.kind === 'find') return t('track.titleFind', { store });
  const orderNumber = model.kind === 'order' ? model.view.orderNumber : model.orderNumber;
  return t('track.titleOrder', { orderNumber, store });
}
