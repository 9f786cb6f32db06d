import type { NdrResponseRecord } from '@app/db';
import { ORDER_STATUS_LABEL, type OrderStatus } from '@app/shipping';
import { describeNdrRequest, NDR_ANSWER_HANDOFF, type NdrState } from '../ndr/ndr.view';

/** The title and the sentence under it at the top of the tracking page. */
export interface TrackingHeadline {
  title: string;
  text: string;
}

/** What each status means for the customer, when nothing more specific holds. */
const STATUS_TEXT: Record<OrderStatus, string> = {
  pending: 'We have your order and will confirm it shortly.',
  processing: 'We’re packing your order. You’ll get a tracking number when it ships.',
  shipped: 'Your parcel is on its way.',
  out_for_delivery: 'Your parcel is out for delivery today. Keep your phone close.',
  returning: 'The parcel is on its way back to us.',
  delivered: 'Your parcel has been delivered.',
  returned: 'The parcel came back to us.',
  cancelled: 'This order was cancelled and will not be delivered.',
  lost: 'The courier reported a problem with your parcel.',
};

/**
 * The page's headline, decided once: the customer's own answer to a failed delivery comes first
 * (a cancellation they asked for is not "out for delivery today"), then a failed attempt they can
 * still answer, then any failed attempt, then the status.
 */
export function trackingHeadline(input: {
  status: OrderStatus;
  ndr: { state: Exclude<NdrState, 'closed'>; response: NdrResponseRecord | null } | null;
  failedAttempt: boolean;
}): TrackingHeadline {
  const title = ORDER_STATUS_LABEL[input.status];
  const { ndr } = input;
  if (ndr?.state === 'answered' && ndr.response) {
    return {
      title: ndr.response.action === 'cancel' ? 'Cancellation requested' : title,
      text: `${describeNdrRequest(ndr.response)} ${NDR_ANSWER_HANDOFF.customer}`,
    };
  }
  if (ndr?.state === 'open') {
    return { title, text: 'The courier could not deliver your parcel. Tell us below how to deliver it.' };
  }
  if (input.failedAttempt)
    return { title, text: 'Your parcel could not be delivered as planned. See what happened below.' };
  return { title, text: STATUS_TEXT[input.status] };
}
