import type { WooCommerceConfig } from '../../../platform/config/config';
import { ChannelCallError } from '../channel-call-error';

/** WooCommerce REST (`<site>/wp-json/wc/v3/...`) with the store's API keys as HTTP Basic. */
export class WooCommerceClient {
  constructor(
    private readonly config: WooCommerceConfig & { keys: NonNullable<WooCommerceConfig['keys']> },
    private readonly timeoutMs = 10_000,
  ) {}

  async request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown> {
    const auth = Buffer.from(`${this.config.keys.consumerKey}:${this.config.keys.consumerSecret}`).toString('base64');
    let res: Response;
    try {
      res = await fetch(`${this.config.url}${path}`, {
        method,
        headers: {
          authorization: `Basic ${auth}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new ChannelCallError(
        `WooCommerce did not answer: ${err instanceof Error ? err.message : String(err)}`,
        true,
      );
    }
    const text = await res.text();
    if (!res.ok) {
      const retry = res.status >= 500 || res.status === 429;
      throw new ChannelCallError(`WooCommerce answered HTTP ${res.status}: ${text.slice(0, 200)}`, retry, res.status);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ChannelCallError('WooCommerce answered something that is not JSON', true);
    }
  }
}
