/** `/order-tracking/FB-10001?t=<token>`: the order NUMBER and, from the link in messages, its signed token. */
export function parseTrackingUrl(url: string): { orderNumber: string | null; token: string | null } {
  const parsed = new URL(url, 'http://x');
  const match = /^\/order-tracking\/([^/]+)\/?$/.exec(parsed.pathname);
  let orderNumber: string | null = null;
  if (match?.[1]) {
    try {
      orderNumber = decodeURIComponent(match[1]).trim() || null;
    } catch {
      orderNumber = null;
    }
  }
  const token = parsed.searchParams.get('t')?.trim() || null;
  return { orderNumber: orderNumber && orderNumber.length <= 40 ? orderNumber : null, token };
}
