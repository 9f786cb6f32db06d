import type { NdrResponseRecord } from '@app/db';
import type { OrderStatus } from '@app/shipping';
import type { Translator } from '@app/shipping/i18n';
import { describeNdrRequest, type NdrState } from '../ndr/ndr.view';

/** The title and the sentence under it at the top of the tracking page. */
export interface TrackingHeadline {
  title: string;
  text: string;
}

/**
 * The page's headline, decided once: the customer's own answer to a failed delivery comes first
 * (a cancellation they asked for is not "out for delivery today"), then a failed attempt they can
 * still answer, then any failed attempt, then the status.
 */
export function trackingHeadline(input: {
  status: OrderStatus;
  ndr: { state: Exclude<NdrState, 'closed'>; response: NdrResponseRecord | null } | null;
  failedAttempt: boolean;
  /** The customer's language (the catalogues' `status.*`, `statusText.*`, `headline.*` and `ndr.*` words). */
  tr: Translator;
}): TrackingHeadline {
  const { t } = input.tr;
  const title = t(`status.${input.status}`);
  const { ndr } = input;
  if (ndr?.state === 'answered' && ndr.response) {
    return {
      title: ndr.response.action === 'cancel' ? t('headline.cancelRequested') : title,
      text: `${describeNdrRequest(ndr.response, input.tr)} ${t('ndr.handoff')}`,
    };
  }
  if (ndr?.state === 'open') {
    return { title, text: t('headline.ndrOpen') };
  }
  if (input.failedAttempt) return { title, text: t('headline.failedAttempt') };
  return { title, text: t(`statusText.${input.status}`) };
}
