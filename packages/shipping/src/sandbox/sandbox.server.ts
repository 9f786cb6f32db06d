import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../icarry/icarry.logger';
import type { ICarryLogger } from '../icarry/icarry.logger';
import type { ApiOutcome } from './endpoints/endpoint.outcome';
import { SANDBOX_COURIERS } from './sandbox.catalog';
import { createSandboxControl, handleControlRequest } from './sandbox.control';
import type { SandboxControl } from './sandbox.control';
import { API_ENDPOINTS, dispatchApi } from './sandbox.dispatch';
import { SandboxEngine } from './sandbox.engine';
import { HTML, PHP_HTML, bodyObject, escapeHtml, readRequest, send } from './sandbox.http';
import type { SandboxRequest } from './sandbox.http';
import { buildLabelPdf } from './sandbox.label-pdf';
import { NOT_FOUND_PAGE, PHP_NOTICE, TOKEN_ERROR, barcodeSvg, firewallPage, maskSecrets } from './sandbox.pages';
import { SandboxState } from './sandbox.state';
import { SANDBOX_DEFAULTS } from './sandbox.types';
import type { SandboxOptions } from './sandbox.types';
import { SandboxWebhooks } from './sandbox.webhooks';

export type { SandboxControl } from './sandbox.control';

/** Default wait of a slow_login fault: long enough to outlast a short stale threshold in tests. */
const SLOW_LOGIN_DEFAULT_MS = 5_000;

export interface Sandbox {
  url: string;
  port: number;
  credentials: { username: string; apiKey: string; pickupAddressId: string; pickupPincode: string };
  /**
   * The per-run secret the HTTP control endpoints (`/__sandbox/...`) require in the
   * X-Sandbox-Token header. In-process `control` calls need nothing.
   */
  controlToken: string;
  /** The webhook URLs given at start (to restore after a test changes them). */
  webhookUrls: Readonly<{ statusUrl: string | null; ndrUrl: string | null; weightUrl: string | null }>;
  state: SandboxState;
  control: SandboxControl;
  close(): Promise<void>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Starts the iCarry sandbox: a real HTTP server on 127.0.0.1 that speaks iCarry's API (quirks
 * included), keeps shipments, posts webhooks, and injects faults on demand. Resolves once
 * listening. Always `close()` it (tests: in afterAll/afterEach).
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const logger: ICarryLogger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const credentials = {
    username: options.username ?? SANDBOX_DEFAULTS.username,
    apiKey: options.apiKey ?? SANDBOX_DEFAULTS.apiKey,
    pickupAddressId: String(options.pickupAddressId ?? SANDBOX_DEFAULTS.pickupAddressId),
    pickupPincode: options.pickupPincode ?? SANDBOX_DEFAULTS.pickupPincode,
  };
  const controlToken = options.controlToken ?? randomBytes(24).toString('base64url');
  const now = options.now ?? Date.now;
  const state = new SandboxState({
    now,
    tokenTtlMs: options.tokenTtlMs ?? 60 * 60 * 1000,
    stateFile: options.stateFile ?? null,
    firstShipmentId: options.firstShipmentId ?? 249_772,
  });
  const initialWebhookUrls = Object.freeze({
    statusUrl: options.webhooks?.statusUrl ?? null,
    ndrUrl: options.webhooks?.ndrUrl ?? null,
    weightUrl: options.webhooks?.weightUrl ?? null,
  });
  const webhooks = new SandboxWebhooks(
    state,
    {
      apiKey: credentials.apiKey,
      timeoutMs: options.webhookTimeoutMs ?? 5_000,
      logger,
      ...(options.afterWebhooks ? { afterWebhooks: options.afterWebhooks } : {}),
    },
    options.webhooks,
  );
  let baseUrl = '';
  const publicUrl = (): string => options.publicUrl ?? baseUrl;
  const engine = new SandboxEngine(state, webhooks, { ...credentials, publicUrl });
  const control = createSandboxControl(state, engine, webhooks);
  if (options.labelShape !== undefined) control.setLabelShape(options.labelShape);
  const globalLatencyMs = Math.max(0, options.latencyMs ?? 0);
  const hung = new Set<ServerResponse>();

  const servePages = (request: SandboxRequest, res: ServerResponse): boolean => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    switch (request.path) {
      case '/track-shipment': {
        const awb = request.query.get('awb') ?? '';
        const shipment = engine.findByAwb(awb);
        if (shipment === undefined) {
          send(res, 404, HTML, '<!DOCTYPE html><html><body><h1>Shipment not found</h1></body></html>');
          return true;
        }
        const rows = [...shipment.history]
          .reverse()
          .map(
            (h) =>
              `<tr><td>${escapeHtml(h.at)}</td><td>${escapeHtml(h.location.replace(/_/g, ' '))}</td><td>${escapeHtml(h.notes)}</td></tr>`,
          )
          .join('');
        send(
          res,
          200,
          HTML,
          `<!DOCTYPE html><html><head><title>Track ${escapeHtml(awb)} - iCarry sandbox</title></head><body><h1>AWB ${escapeHtml(awb)}</h1>` +
            `<p class="summary-label">Courier: ${escapeHtml(shipment.courierName ?? '-')}</p><table>${rows}</table></body></html>`,
        );
        return true;
      }
      case '/print-shipment': {
        const shipment = state.shipments.get(request.query.get('shipment_id') ?? '');
        if (shipment === undefined) {
          send(res, 404, HTML, '<!DOCTYPE html><html><body><h1>Label not found</h1></body></html>');
          return true;
        }
        const c = shipment.consignee;
        send(
          res,
          200,
          HTML,
          `<!DOCTYPE html><html><head><title>Label ${escapeHtml(shipment.awb ?? '')}</title></head><body style="font-family:monospace">` +
            `<h2>${escapeHtml(shipment.courierName ?? '')}</h2><h1>${escapeHtml(shipment.awb ?? '')}</h1>` +
            `<p>To: ${escapeHtml(c.name)}<br>${escapeHtml(c.address)}<br>${escapeHtml(c.city)}, ${escapeHtml(c.state)} ${escapeHtml(c.pincode)}</p>` +
            `<p>${escapeHtml(shipment.parcel.type)} ${shipment.parcel.type === 'COD' ? `collect INR ${(shipment.parcel.valuePaise / 100).toFixed(2)}` : ''}</p>` +
            `<p>Order ${escapeHtml(shipment.clientOrderId ?? '')} · ${shipment.parcel.weightGrams} g</p><p>SANDBOX LABEL - NOT A REAL SHIPMENT</p></body></html>`,
        );
        return true;
      }
      case '/shipment-label.pdf': {
        const shipment = state.shipments.get(request.query.get('shipment_id') ?? '');
        if (shipment === undefined || shipment.awb === null || shipment.awb !== request.query.get('awb')) {
          send(res, 404, HTML, '<!DOCTYPE html><html><body><h1>Label not found</h1></body></html>');
          return true;
        }
        // A forward parcel goes back to our warehouse; a return, whose consignee is the warehouse,
        // back to the customer it was collected from.
        const warehouse =
          shipment.direction === 'reverse' ? (shipment.pickup ?? shipment.consignee) : engine.warehouse();
        const paper = request.query.get('paper_size')?.toUpperCase() === 'A4' ? 'A4' : '4x6';
        const headers = { 'content-disposition': `inline; filename="label-${shipment.awb}.pdf"` };
        if (options.renderLabel === undefined) {
          const returnTo = `${warehouse.name}, ${warehouse.address}, ${warehouse.city} ${warehouse.pincode}`;
          send(res, 200, 'application/pdf', buildLabelPdf(shipment, returnTo, paper), headers);
          return true;
        }
        options.renderLabel(shipment, { paper, returnTo: warehouse }).then(
          (pdf) => send(res, 200, 'application/pdf', Buffer.from(pdf), headers),
          (err: unknown) => {
            logger.error({ err, shipmentId: shipment.shipmentId }, '[sandbox] label renderer failed');
            send(res, 500, HTML, '<!DOCTYPE html><html><body><h1>Label could not be drawn</h1></body></html>');
          },
        );
        return true;
      }
      case '/barcode-image': {
        const awb = request.query.get('awb') ?? '';
        if (engine.findByAwb(awb) === undefined) {
          send(res, 404, HTML, NOT_FOUND_PAGE);
          return true;
        }
        send(res, 200, 'image/svg+xml', barcodeSvg(awb));
        return true;
      }
      default:
        return false;
    }
  };

  const serveApi = async (request: SandboxRequest, res: ServerResponse): Promise<void> => {
    const endpoint = request.path;
    const body = bodyObject(request);
    const token = request.query.get('api_token');
    const record = state.record({
      method: request.method,
      endpoint,
      tokenIn: token === null ? 'none' : request.ampersandPath ? 'ampersand-path' : 'query',
      contentType: request.header('content-type'),
      userAgent: request.header('user-agent'),
      accept: request.header('accept'),
      body: maskSecrets(body) as Record<string, unknown>,
    });
    const answer = (json: Record<string, unknown>, transform = true): void => {
      let payload = JSON.stringify(json);
      if (transform && state.takeFault('php_notice', endpoint) !== undefined) payload = PHP_NOTICE + payload;
      if (transform && state.takeFault('malformed_json', endpoint) !== undefined)
        payload = payload.slice(0, Math.max(1, Math.floor(payload.length / 2)));
      const error = json.error;
      record.outcome =
        error === undefined || error === ''
          ? 'ok'
          : `error: ${typeof error === 'string' ? error : JSON.stringify(error)}`;
      send(res, 200, PHP_HTML, payload);
    };
    const hang = (why: string): void => {
      record.outcome = `fault: ${why}`;
      hung.add(res);
      res.on('close', () => hung.delete(res));
    };

    if (!API_ENDPOINTS.has(endpoint)) {
      record.outcome = 'not found';
      send(res, 404, HTML, NOT_FOUND_PAGE);
      return;
    }
    if (globalLatencyMs > 0) await sleep(globalLatencyMs);
    const latency = state.takeFault('latency', endpoint);
    if (latency !== undefined) await sleep(latency.ms ?? 1_000);
    if (state.takeFault('timeout', endpoint) !== undefined) {
      hang('timeout');
      return;
    }
    if (state.takeFault('connection_reset', endpoint) !== undefined) {
      record.outcome = 'fault: connection_reset';
      request.raw.socket.destroy();
      return;
    }
    const httpError = state.takeFault('http_error', endpoint);
    if (httpError !== undefined) {
      const status = httpError.status ?? 500;
      record.outcome = `fault: http ${status}`;
      send(
        res,
        status,
        HTML,
        `<!DOCTYPE html><html><head><title>${status}</title></head><body><h1>${status} Internal Server Error</h1></body></html>`,
      );
      return;
    }
    const block = state.takeFault('html_block', endpoint);
    const userAgent = request.header('user-agent') ?? '';
    if (block !== undefined || (options.requireBrowserUserAgent === true && !/^Mozilla\/5\.0 /.test(userAgent))) {
      record.outcome = 'fault: html_block';
      send(res, block?.status ?? 403, HTML, firewallPage(block?.style ?? 'imunify360'));
      return;
    }
    const apiError = state.takeFault('api_error', endpoint);
    if (apiError !== undefined) {
      answer({
        success: 0,
        error: apiError.message ?? 'Insufficient wallet balance. Please recharge your wallet to continue.',
      });
      return;
    }
    if (request.method !== 'POST') {
      answer({ success: 0, error: 'Error : Only POST requests are allowed.' }, false);
      return;
    }
    if (endpoint === '/api_login') {
      const slow = state.takeFault('slow_login', endpoint);
      if (slow !== undefined) await sleep(slow.ms ?? SLOW_LOGIN_DEFAULT_MS);
    } else {
      if (state.takeFault('token_expired', endpoint) !== undefined) state.revokeToken(token);
      if (!state.useToken(token)) {
        answer({ error: TOKEN_ERROR });
        return;
      }
    }

    let outcome: ApiOutcome;
    try {
      outcome = dispatchApi(engine, state, endpoint, body);
    } catch (error) {
      logger.error(
        { endpoint, err: error instanceof Error ? error.message : String(error) },
        '[iCarry sandbox] handler failed',
      );
      record.outcome = 'crash';
      send(res, 500, HTML, '<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>');
      return;
    }
    if (outcome.kind === 'hang') {
      hang('book_accept_then_hang');
      return;
    }
    answer(outcome.json);
    logger.debug?.({ endpoint, outcome: record.outcome }, `[iCarry sandbox] ${endpoint} ${record.outcome}`);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const read = await readRequest(req);
      if (!read.ok) {
        // iCarry's PHP would see an empty $_POST: answer like its validation failure.
        if ((req.url ?? '').startsWith('/__sandbox'))
          send(res, read.status, 'application/json', JSON.stringify({ error: read.reason }));
        else send(res, 200, PHP_HTML, JSON.stringify({ success: 0, error: 'Error : Invalid request body.' }));
        return;
      }
      const request = read.request;
      if (request.path === '/__sandbox' || request.path.startsWith('/__sandbox/')) {
        handleControlRequest(request, res, { control, controlToken, credentials, baseUrl: () => baseUrl });
        return;
      }
      if (servePages(request, res)) return;
      // iCarry's API lives on single-segment paths; anything deeper is simply not there.
      if (/^\/[^/]+$/.test(request.path)) await serveApi(request, res);
      else send(res, 404, HTML, NOT_FOUND_PAGE);
    })().catch((error: unknown) => {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, '[iCarry sandbox] request failed');
      send(res, 500, HTML, '<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host}:${port}`;

  let timer: NodeJS.Timeout | null = null;
  if (options.autoAdvanceMs !== undefined && options.autoAdvanceMs !== null && options.autoAdvanceMs > 0) {
    timer = setInterval(() => engine.autoAdvanceTick(), options.autoAdvanceMs);
    timer.unref();
  }

  logger.info(
    {
      url: baseUrl,
      username: credentials.username,
      pickupAddressId: credentials.pickupAddressId,
      couriers: SANDBOX_COURIERS.length,
    },
    `[iCarry sandbox] listening on ${baseUrl}`,
  );

  let closed = false;
  return {
    url: baseUrl,
    port,
    credentials,
    controlToken,
    webhookUrls: initialWebhookUrls,
    state,
    control,
    close: async () => {
      if (closed) return;
      closed = true;
      if (timer !== null) clearInterval(timer);
      webhooks.abortAll();
      for (const res of hung) res.socket?.destroy();
      state.flush();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
