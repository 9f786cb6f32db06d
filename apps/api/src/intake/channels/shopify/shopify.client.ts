import type { z } from 'zod';
import { ChannelCallError } from '../channel-call-error';
import { graphqlEnvelope } from './shopify.wire';

/** Shopify's Admin GraphQL API: POST {query, variables} with X-Shopify-Access-Token. */
export class ShopifyAdminClient {
  constructor(
    private readonly admin: { url: string; token: string },
    private readonly timeoutMs = 15_000,
  ) {}

  /** GET on the Admin REST API (the reconciliation poll), parsed with `schema`. */
  async getRest<T extends z.ZodType>(url: string, schema: T): Promise<z.output<T>> {
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { accept: 'application/json', 'x-shopify-access-token': this.admin.token },
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new ChannelCallError(`Shopify did not answer: ${err instanceof Error ? err.message : String(err)}`, true);
    }
    if (!res.ok)
      throw new ChannelCallError(
        `Shopify answered HTTP ${res.status}`,
        res.status >= 500 || res.status === 429,
        res.status,
      );
    const data = schema.safeParse(await res.json().catch(() => null));
    if (!data.success) throw new ChannelCallError('Shopify answered data of an unexpected shape', false);
    return data.data;
  }

  /** Runs a document and parses `data` with `schema`. Throttling, 5xx and network errors are retryable. */
  async run<T extends z.ZodType>(query: string, variables: Record<string, unknown>, schema: T): Promise<z.output<T>> {
    let res: Response;
    try {
      res = await fetch(this.admin.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': this.admin.token },
        body: JSON.stringify({ query, variables }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new ChannelCallError(`Shopify did not answer: ${err instanceof Error ? err.message : String(err)}`, true);
    }
    const text = await res.text();
    if (!res.ok) {
      throw new ChannelCallError(
        `Shopify answered HTTP ${res.status}: ${text.slice(0, 200)}`,
        res.status >= 500 || res.status === 429,
        res.status,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ChannelCallError('Shopify answered something that is not JSON', true);
    }
    const envelope = graphqlEnvelope.safeParse(json);
    if (!envelope.success) throw new ChannelCallError('Shopify answered an unexpected shape', true);
    if (envelope.data.errors?.length) {
      const message = envelope.data.errors.map((e) => e.message).join('; ');
      // THROTTLED is the usual top-level error; it passes.
      throw new ChannelCallError(`Shopify: ${message.slice(0, 300)}`, /throttl/i.test(message));
    }
    const data = schema.safeParse(envelope.data.data);
    if (!data.success) throw new ChannelCallError('Shopify answered data of an unexpected shape', false);
    return data.data;
  }
}
