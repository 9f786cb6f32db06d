import type { ICarryLogger } from '../icarry/icarry.logger';
import { buildNdrPush, buildStatusPush, buildWeightPush } from '../icarry/icarry.pushes';
import type { SandboxState } from './sandbox.state';
import type { SandboxShipment, SandboxWebhookUrls, WebhookDelivery, WebhookKind } from './sandbox.types';

interface PreparedWebhook {
  kind: WebhookKind;
  url: string;
  contentType: string;
  body: string;
  payload: Record<string, unknown>;
}

/** Deliveries kept in `log`: a long demo run must not grow memory without bound. */
export const MAX_WEBHOOK_LOG = 1_000;

/**
 * Posts webhooks the way iCarry does (built by icarry.pushes): status and weight pushes
 * form-encoded with `token` = the account API key, NDR pushes as JSON without a token. Deliveries can be awaited (control calls,
 * tests) or left running in the background (auto-advance, cancel through the API).
 */
export class SandboxWebhooks {
  urls: { statusUrl: string | null; ndrUrl: string | null; weightUrl: string | null };
  readonly log: WebhookDelivery[] = [];
  private held: PreparedWebhook[] = [];
  private readonly pending = new Set<Promise<WebhookDelivery[]>>();
  private readonly controllers = new Set<AbortController>();

  constructor(
    private readonly state: SandboxState,
    private readonly options: {
      apiKey: string;
      timeoutMs: number;
      logger: ICarryLogger;
      afterWebhooks?: () => Promise<void>;
    },
    urls: SandboxWebhookUrls = {},
  ) {
    this.urls = { statusUrl: null, ndrUrl: null, weightUrl: null };
    this.configure(urls);
  }

  configure(urls: SandboxWebhookUrls): void {
    for (const key of ['statusUrl', 'ndrUrl', 'weightUrl'] as const) {
      if (!(key in urls)) continue;
      const value = urls[key];
      if (value === null || value === undefined || value === '') {
        this.urls[key] = null;
        continue;
      }
      try {
        const parsed = new URL(value);
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
      } catch {
        throw new Error(`webhook ${key} "${value}" is not an http(s) URL`);
      }
      this.urls[key] = value;
    }
  }

  statusPush(shipment: SandboxShipment): PreparedWebhook | null {
    const url = this.urls.statusUrl;
    if (url === null) return null;
    const push = buildStatusPush({
      statusCode: shipment.status,
      shipmentId: shipment.shipmentId,
      awb: shipment.awb,
      clientOrderId: shipment.clientOrderId,
      token: this.options.apiKey,
    });
    return { ...push, url };
  }

  ndrPush(shipment: SandboxShipment, type: string): PreparedWebhook | null {
    const url = this.urls.ndrUrl;
    if (url === null) return null;
    const push = buildNdrPush({
      entries: [{ shipmentId: shipment.shipmentId, awb: shipment.awb, reasonCode: type, reportedOn: this.state.now() }],
    });
    return { ...push, url };
  }

  weightPush(
    shipment: SandboxShipment,
    dispute: { oldGrams: number; newGrams: number; oldDimensions: string; newDimensions: string },
  ): PreparedWebhook | null {
    const url = this.urls.weightUrl ?? this.urls.statusUrl;
    if (url === null) return null;
    const push = buildWeightPush({
      shipmentId: shipment.shipmentId,
      awb: shipment.awb,
      statusCode: shipment.status,
      oldWeightGrams: dispute.oldGrams,
      newWeightGrams: dispute.newGrams,
      oldDimensions: dispute.oldDimensions,
      newDimensions: dispute.newDimensions,
      token: this.options.apiKey,
    });
    return { ...push, url };
  }

  /**
   * Sends a prepared push, applying the duplicate and out-of-order faults. With `wait` false the
   * deliveries run in the background and the returned list is empty.
   */
  async dispatch(prepared: PreparedWebhook | null, wait: boolean): Promise<WebhookDelivery[]> {
    if (prepared === null) return [];
    const batch: { webhook: PreparedWebhook; duplicate: boolean; delayed: boolean }[] = [];
    if (prepared.kind === 'status' && this.state.takeFault('out_of_order_webhooks', null) !== undefined) {
      // Held back: it goes out after the next status push (or on flush), i.e. late.
      this.held.push(prepared);
      return [];
    }
    batch.push({ webhook: prepared, duplicate: false, delayed: false });
    if (this.state.takeFault('duplicate_webhooks', null) !== undefined)
      batch.push({ webhook: prepared, duplicate: true, delayed: false });
    if (prepared.kind === 'status' && this.held.length > 0) {
      for (const webhook of this.held) batch.push({ webhook, duplicate: false, delayed: true });
      this.held = [];
    }
    const run = this.sendAll(batch);
    this.track(run);
    if (!wait) return [];
    const deliveries = await run;
    await this.options.afterWebhooks?.();
    return deliveries;
  }

  /** Sends anything held back and waits for every background delivery. */
  async flush(): Promise<WebhookDelivery[]> {
    const held = this.held.map((webhook) => ({ webhook, duplicate: false, delayed: true }));
    this.held = [];
    const sent = held.length > 0 ? await this.sendAll(held) : [];
    await Promise.allSettled([...this.pending]);
    await this.options.afterWebhooks?.();
    return sent;
  }

  heldCount(): number {
    return this.held.length;
  }

  /** Cancels in-flight deliveries (server shutdown). */
  abortAll(): void {
    for (const controller of this.controllers) controller.abort();
    this.held = [];
  }

  private track(run: Promise<WebhookDelivery[]>): void {
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  private async sendAll(
    batch: { webhook: PreparedWebhook; duplicate: boolean; delayed: boolean }[],
  ): Promise<WebhookDelivery[]> {
    const deliveries: WebhookDelivery[] = [];
    // Sequential, in the order chosen above, so "out of order" really arrives out of order.
    for (const item of batch) deliveries.push(await this.send(item.webhook, item.duplicate, item.delayed));
    return deliveries;
  }

  private async send(webhook: PreparedWebhook, duplicate: boolean, delayed: boolean): Promise<WebhookDelivery> {
    const started = performance.now();
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    let delivery: WebhookDelivery;
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: { 'Content-Type': webhook.contentType, 'User-Agent': 'iCarry-Webhook/1.0 (sandbox)' },
        body: webhook.body,
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      delivery = {
        ...webhook,
        ok: response.ok,
        httpStatus: response.status,
        error: null,
        durationMs: Math.round(performance.now() - started),
        duplicate,
        delayed,
      };
    } catch (error) {
      delivery = {
        ...webhook,
        ok: false,
        httpStatus: null,
        error: error instanceof Error ? error.message : String(error),
        durationMs: Math.round(performance.now() - started),
        duplicate,
        delayed,
      };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
    this.log.push(delivery);
    if (this.log.length > MAX_WEBHOOK_LOG) this.log.splice(0, this.log.length - MAX_WEBHOOK_LOG);
    const { logger } = this.options;
    const line = {
      kind: delivery.kind,
      url: redactQuery(delivery.url),
      httpStatus: delivery.httpStatus,
      durationMs: delivery.durationMs,
      duplicate,
      delayed,
    };
    if (delivery.ok)
      logger.info(line, `[iCarry sandbox] webhook ${delivery.kind} delivered (${delivery.httpStatus ?? '-'})`);
    else logger.warn({ ...line, error: delivery.error }, `[iCarry sandbox] webhook ${delivery.kind} failed`);
    return delivery;
  }
}

/** Webhook URLs carry `?secret=`: keep it out of the logs. */
function redactQuery(url: string): string {
  const index = url.indexOf('?');
  return index < 0 ? url : `${url.slice(0, index)}?[redacted]`;
}
