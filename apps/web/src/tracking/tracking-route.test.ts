import { describe, expect, it } from 'vitest';
import { parseTrackingUrl } from './tracking-route';

describe('parseTrackingUrl', () => {
  it('reads the order number and token from a message link', () => {
    expect(parseTrackingUrl('/order-tracking/FB-10001?t=abcDEF123_-')).toEqual({
      orderNumber: 'FB-10001',
      token: 'abcDEF123_-',
    });
  });
  it('decodes the order number and allows a trailing slash', () => {
    expect(parseTrackingUrl('/order-tracking/FB%2010001/')).toEqual({ orderNumber: 'FB 10001', token: null });
  });
  it('has no order for the bare path or a malformed escape', () => {
    expect(parseTrackingUrl('/order-tracking/').orderNumber).toBeNull();
    expect(parseTrackingUrl('/order-tracking/%E0%A4%A').orderNumber).toBeNull();
  });
});
