import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { silentLogger } from '../icarry/icarry.logger';
import type { ICarryLogger } from '../icarry/icarry.logger';
import { SANDBOX_COURIERS } from './sandbox.catalog';
import { SandboxEngine } from './sandbox.engine';
import type { ApiOutcome } from './sandbox.engine';
import { SandboxInputError, SandboxState } from './sandbox.state';
import type {
  ControlCallOptions,
  SandboxActiveFault,
  SandboxFaultSpec,
  SandboxOptions,
  SandboxRequestRecord,
  SandboxShipment,
  SandboxWebhookUrls,
  ShipmentChangeResult,
  WebhookDelivery,
} from './sandbox.types';
import { SANDBOX_DEFAULTS } from './sandbox.types';
import { SandboxWebhooks } from './sandbox.webhooks';

const API_ENDPOINTS = new Set([
  '/api_login',
  '/api_get_estimate',
  '/api_check_pincode',
  '/api_add_shipment_surface',
  '/api_add_shipment_air',
  '/api_track_shipment',
  '/api_shipment_status_sync',
  '/api_cancel_shipment',
  '/api_print_shipment_label',
]);

const TOKEN_ERROR =
  'Warning: You do not have permission to access the API! (api_token is expired or invalid, please login again)';

const PHP_NOTICE =
  '<br />\n<b>Notice</b>:  Undefined index: channel_id in <b>/home/icarry/public_html/catalog/controller/api/shipment.php</b> on line <b>214</b><br />\n' +
  '<br />\n<b>Warning</b>:  Cannot modify header information - headers already sent in <b>/home/icarry/public_html/system/framework.php</b> on line <b>102</b><br />\n';

function firewallPage(style: 'imunify360' | 'cloudflare'): string {
  if (style === 'cloudflare') {
    return (
      '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="refresh" content="360"><style>body{font-family:system-ui}</style></head>' +
      '<body><div class="main-wrapper" role="main"><h1>www.icarry.in</h1><p>Checking if the site connection is secure</p><noscript>Enable JavaScript and cookies to continue</noscript>' +
      '<script>(function(){window._cf_chl_opt={cvId:"3",cType:"managed"};}());</script></div></body></html>'
    );
  }
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Captcha</title><style>body{background:#f5f5f5}</style></head><body>' +
    '<h1>Access denied by Imunify360 bot-protection.</h1><p>IPs used for automation should be whitelisted.</p>' +
    '<p>If you are a site owner, please contact your hosting provider.</p><script>var i360_captcha={};</script></body></html>'
  );
}

export interface SandboxControl {
  listShipments(): SandboxShipment[];
  /** Same as listShipments. */
  shipments(): SandboxShipment[];
  getShipment(shipmentId: string): SandboxShipment | undefined;
  findByAwb(awb: string): SandboxShipment | undefined;
  advance(shipmentId: string, options?: ControlCallOptions): Promise<ShipmentChangeResult>;
  setStatus(shipmentId: string, code: number, options?: ControlCallOptions): Promise<ShipmentChangeResult>;
  raiseNdr(shipmentId: string, type: string, options?: ControlCallOptions): Promise<ShipmentChangeResult>;
  weightDiscrepancy(
    shipmentId: string,
    newGrams: number,
    options?: ControlCallOptions & { newDimensions?: { lengthCm: number; breadthCm: number; heightCm: number } },
  ): Promise<ShipmentChangeResult>;
  setFaults(faults: readonly SandboxFaultSpec[]): SandboxActiveFault[];
  addFault(fault: SandboxFaultSpec): SandboxActiveFault;
  clearFaults(): void;
  listFaults(): SandboxActiveFault[];
  setWebhooks(urls: SandboxWebhookUrls): void;
  /** Same as setWebhooks. */
  setWebhookUrls(urls: SandboxWebhookUrls): void;
  getWebhooks(): { statusUrl: string | null; ndrUrl: string | null; weightUrl: string | null };
  /** Every webhook delivery attempted, in order. */
  readonly webhookLog: readonly WebhookDelivery[];
  /** Sends held-back (out-of-order) webhooks and waits for background deliveries. */
  flushWebhooks(): Promise<WebhookDelivery[]>;
  /** Booking requests received, whatever their outcome (hung, refused, accepted). */
  bookingCount(): number;
  /** Every iCarry API request received, secrets masked. */
  readonly requests: readonly SandboxRequestRecord[];
  /** Invalidates every token (as if 60 minutes passed): the next call gets a token error. */
  expireTokens(): void;
  /** Forgets shipments, requests, faults and tokens; keeps credentials and webhook URLs. */
  reset(): void;
}

export interface Sandbox {
  url: string;
  port: number;
  credentials: { username: string; apiKey: string; pickupAddressId: string; pickupPincode: string };
  /** The webhook URLs given at start (to restore after a test changes them). */
  webhookUrls: Readonly<{ statusUrl: string | null; ndrUrl: string | null; weightUrl: string | null }>;
  state: SandboxState;
  control: SandboxControl;
  close(): Promise<void>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[key] = /^(key|api_token|token|password)$/i.test(key) ? '***' : maskSecrets(item, depth + 1);
  }
  return out;
}

function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
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
    { apiKey: credentials.apiKey, timeoutMs: options.webhookTimeoutMs ?? 5_000, logger },
    options.webhooks,
  );
  let baseUrl = '';
  const engine = new SandboxEngine(state, webhooks, { ...credentials, publicUrl: () => options.publicUrl ?? baseUrl });
  const globalLatencyMs = Math.max(0, options.latencyMs ?? 0);

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');

  // `/api_x&api_token=T` (the form iCarry's PDF prints) becomes `/api_x?api_token=T`, as
  // OpenCart's SEO rewrite effectively does.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const queryAt = req.url.indexOf('?');
    const path = queryAt < 0 ? req.url : req.url.slice(0, queryAt);
    const ampAt = path.indexOf('&');
    if (ampAt >= 0) {
      const rest = queryAt < 0 ? '' : `&${req.url.slice(queryAt + 1)}`;
      req.url = `${path.slice(0, ampAt)}?${path.slice(ampAt + 1)}${rest}`;
      (req as Request & { ampersandPath?: boolean }).ampersandPath = true;
    }
    next();
  });
  app.use(express.urlencoded({ extended: true, limit: '1mb', parameterLimit: 10_000 }));
  app.use(express.json({ limit: '1mb' }));

  const hung = new Set<Response>();

  const control: SandboxControl = {
    listShipments: () => [...state.shipments.values()],
    shipments: () => [...state.shipments.values()],
    getShipment: (id) => state.shipments.get(id),
    findByAwb: (awb) => engine.findByAwb(awb),
    advance: (id, opts) => engine.advance(id, opts),
    setStatus: (id, code, opts) => engine.setStatus(id, code, opts),
    raiseNdr: (id, type, opts) => engine.raiseNdr(id, type, opts),
    weightDiscrepancy: (id, grams, opts) => engine.weightDiscrepancy(id, grams, opts),
    setFaults: (faults) => state.setFaults(faults),
    addFault: (fault) => state.addFault(fault),
    clearFaults: () => state.clearFaults(),
    listFaults: () => state.listFaults(),
    setWebhooks: (urls) => webhooks.configure(urls),
    setWebhookUrls: (urls) => webhooks.configure(urls),
    getWebhooks: () => ({ ...webhooks.urls }),
    get webhookLog() {
      return webhooks.log;
    },
    flushWebhooks: () => webhooks.flush(),
    bookingCount: () => state.bookingCount(),
    get requests() {
      return state.requests;
    },
    expireTokens: () => state.expireAllTokens(),
    reset: () => {
      state.reset();
      webhooks.log.length = 0;
    },
  };

  app.use(
    '/__sandbox',
    createControlRouter(control, credentials, () => baseUrl),
  );

  app.get('/track-shipment', (req, res) => {
    const awb = typeof req.query.awb === 'string' ? req.query.awb : '';
    const shipment = engine.findByAwb(awb);
    if (shipment === undefined) {
      res.status(404).type('html').send('<!DOCTYPE html><html><body><h1>Shipment not found</h1></body></html>');
      return;
    }
    const rows = [...shipment.history]
      .reverse()
      .map(
        (h) =>
          `<tr><td>${escapeHtml(h.at)}</td><td>${escapeHtml(h.location.replace(/_/g, ' '))}</td><td>${escapeHtml(h.notes)}</td></tr>`,
      )
      .join('');
    res
      .type('html')
      .send(
        `<!DOCTYPE html><html><head><title>Track ${escapeHtml(awb)} - iCarry sandbox</title></head><body><h1>AWB ${escapeHtml(awb)}</h1>` +
          `<p class="summary-label">Courier: ${escapeHtml(shipment.courierName ?? '-')}</p><table>${rows}</table></body></html>`,
      );
  });

  app.get('/print-shipment', (req, res) => {
    const id = typeof req.query.shipment_id === 'string' ? req.query.shipment_id : '';
    const shipment = state.shipments.get(id);
    if (shipment === undefined) {
      res.status(404).type('html').send('<!DOCTYPE html><html><body><h1>Label not found</h1></body></html>');
      return;
    }
    const c = shipment.consignee;
    res
      .type('html')
      .send(
        `<!DOCTYPE html><html><head><title>Label ${escapeHtml(shipment.awb ?? '')}</title></head><body style="font-family:monospace">` +
          `<h2>${escapeHtml(shipment.courierName ?? '')}</h2><h1>${escapeHtml(shipment.awb ?? '')}</h1>` +
          `<p>To: ${escapeHtml(c.name)}<br>${escapeHtml(c.address)}<br>${escapeHtml(c.city)}, ${escapeHtml(c.state)} ${escapeHtml(c.pincode)}</p>` +
          `<p>${escapeHtml(shipment.parcel.type)} ${shipment.parcel.type === 'COD' ? `collect INR ${(shipment.parcel.valuePaise / 100).toFixed(2)}` : ''}</p>` +
          `<p>Order ${escapeHtml(shipment.clientOrderId ?? '')} · ${shipment.parcel.weightGrams} g</p><p>SANDBOX LABEL - NOT A REAL SHIPMENT</p></body></html>`,
      );
  });

  app.all('/:endpoint', async (req: Request, res: Response) => {
    const endpoint = `/${String(req.params.endpoint)}`;
    const body = bodyOf(req);
    const token = typeof req.query.api_token === 'string' ? req.query.api_token : null;
    const record = state.record({
      method: req.method,
      endpoint,
      tokenIn:
        token === null
          ? 'none'
          : (req as Request & { ampersandPath?: boolean }).ampersandPath === true
            ? 'ampersand-path'
            : 'query',
      contentType: req.get('content-type') ?? null,
      userAgent: req.get('user-agent') ?? null,
      accept: req.get('accept') ?? null,
      body: maskSecrets(body) as Record<string, unknown>,
    });
    const sendJson = (json: Record<string, unknown>, transform = true): void => {
      let payload = JSON.stringify(json);
      if (transform && state.takeFault('php_notice', endpoint) !== undefined) payload = PHP_NOTICE + payload;
      if (transform && state.takeFault('malformed_json', endpoint) !== undefined)
        payload = payload.slice(0, Math.max(1, Math.floor(payload.length / 2)));
      const error = json.error;
      record.outcome =
        error === undefined || error === ''
          ? 'ok'
          : `error: ${typeof error === 'string' ? error : JSON.stringify(error)}`;
      // PHP's default content type, as iCarry sends it.
      res.status(200).type('text/html; charset=UTF-8').send(payload);
    };
    const hang = (why: string): void => {
      record.outcome = `fault: ${why}`;
      hung.add(res);
      res.on('close', () => hung.delete(res));
    };

    if (!API_ENDPOINTS.has(endpoint)) {
      record.outcome = 'not found';
      res
        .status(404)
        .type('html')
        .send(
          '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>The page you requested cannot be found!</h1></body></html>',
        );
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
      req.socket.destroy();
      return;
    }
    const httpError = state.takeFault('http_error', endpoint);
    if (httpError !== undefined) {
      const status = httpError.status ?? 500;
      record.outcome = `fault: http ${status}`;
      res
        .status(status)
        .type('html')
        .send(
          `<!DOCTYPE html><html><head><title>${status}</title></head><body><h1>${status} Internal Server Error</h1></body></html>`,
        );
      return;
    }
    const block = state.takeFault('html_block', endpoint);
    const userAgent = req.get('user-agent') ?? '';
    if (block !== undefined || (options.requireBrowserUserAgent === true && !/^Mozilla\/5\.0 /.test(userAgent))) {
      record.outcome = 'fault: html_block';
      res
        .status(block?.status ?? 403)
        .type('html')
        .send(firewallPage(block?.style ?? 'imunify360'));
      return;
    }
    const apiError = state.takeFault('api_error', endpoint);
    if (apiError !== undefined) {
      sendJson({
        success: 0,
        error: apiError.message ?? 'Insufficient wallet balance. Please recharge your wallet to continue.',
      });
      return;
    }
    if (req.method !== 'POST') {
      sendJson({ success: 0, error: 'Error : Only POST requests are allowed.' }, false);
      return;
    }
    if (endpoint !== '/api_login') {
      if (state.takeFault('token_expired', endpoint) !== undefined) state.revokeToken(token);
      if (!state.useToken(token)) {
        sendJson({ error: TOKEN_ERROR });
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
      res.status(500).type('html').send('<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>');
      return;
    }
    if (outcome.kind === 'hang') {
      hang('book_accept_then_hang');
      return;
    }
    sendJson(outcome.json);
    logger.debug?.({ endpoint, outcome: record.outcome }, `[iCarry sandbox] ${endpoint} ${record.outcome}`);
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // Unparseable bodies: iCarry's PHP would see empty $_POST; answer like a validation failure.
    const status =
      typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
        ? error.status
        : 500;
    res
      .status(status < 500 ? 200 : 500)
      .type('text/html; charset=UTF-8')
      .send(JSON.stringify({ success: 0, error: 'Error : Invalid request body.' }));
  });

  const server = createServer(app);
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

function dispatchApi(
  engine: SandboxEngine,
  state: SandboxState,
  endpoint: string,
  body: Record<string, unknown>,
): ApiOutcome {
  switch (endpoint) {
    case '/api_login':
      return engine.login(body);
    case '/api_get_estimate':
      return engine.estimate(body, {
        phantom: state.takeFault('phantom_courier', endpoint) !== undefined,
        keyed: state.takeFault('keyed_estimate', endpoint) !== undefined,
      });
    case '/api_check_pincode':
      return engine.checkPincode(body);
    case '/api_add_shipment_surface':
    case '/api_add_shipment_air':
      return engine.book(body, endpoint === '/api_add_shipment_air' ? 'E' : 'S', {
        hangAfterAccept: state.takeFault('book_accept_then_hang', endpoint) !== undefined,
      });
    case '/api_track_shipment':
      return engine.track(body);
    case '/api_shipment_status_sync':
      return engine.statusSync(body);
    case '/api_cancel_shipment':
      return engine.cancel(body);
    case '/api_print_shipment_label':
      return engine.label(body);
    default:
      return { kind: 'json', json: { success: 0, error: `Error : Unknown endpoint ${endpoint}` } };
  }
}

function createControlRouter(
  control: SandboxControl,
  credentials: Sandbox['credentials'],
  baseUrl: () => string,
): express.Router {
  const router = express.Router();
  const wait = (req: Request): ControlCallOptions => ({
    awaitWebhooks: req.query.async !== '1' && bodyOf(req).async !== true,
  });
  const handle = (fn: (req: Request) => unknown) => async (req: Request, res: Response) => {
    try {
      res.json(await fn(req));
    } catch (error) {
      const status = error instanceof SandboxInputError ? error.httpStatus : 400;
      res.status(status).json({ error: error instanceof Error ? error.message : String(error) });
    }
  };
  const id = (req: Request): string => String(req.params.id);

  router.get(
    '/',
    handle(() => ({
      name: 'iCarry sandbox',
      url: baseUrl(),
      username: credentials.username,
      pickupAddressId: credentials.pickupAddressId,
      pickupPincode: credentials.pickupPincode,
      pincodeRules: {
        unserviceable: 'starts with 9',
        noCod: 'ends with 99',
        noExpress: 'ends with 98',
      },
      couriers: SANDBOX_COURIERS.map((c) => ({ id: c.id, name: c.name, group: c.group, mode: c.mode })),
    })),
  );
  router.get(
    '/shipments',
    handle(() => control.listShipments()),
  );
  router.get(
    '/shipments/:id',
    handle((req) => {
      const shipment = control.getShipment(id(req));
      if (shipment === undefined) throw new SandboxInputError(`no shipment ${id(req)}`, 404);
      return shipment;
    }),
  );
  router.post(
    '/shipments/:id/advance',
    handle((req) => control.advance(id(req), wait(req))),
  );
  router.post(
    '/shipments/:id/status',
    handle((req) => control.setStatus(id(req), Number(bodyOf(req).code ?? bodyOf(req).status), wait(req))),
  );
  router.post(
    '/shipments/:id/ndr',
    handle((req) => {
      const type = bodyOf(req).type;
      return control.raiseNdr(id(req), typeof type === 'string' ? type : '', wait(req));
    }),
  );
  router.post(
    '/shipments/:id/weight',
    handle((req) => {
      const body = bodyOf(req);
      const dims = body.newDimensions as { lengthCm: number; breadthCm: number; heightCm: number } | undefined;
      return control.weightDiscrepancy(id(req), Number(body.newGrams), { ...wait(req), newDimensions: dims });
    }),
  );
  router.get(
    '/faults',
    handle(() => control.listFaults()),
  );
  router.post(
    '/faults',
    handle((req) => {
      const body: unknown = req.body;
      const specs = (
        Array.isArray(body) ? body : Array.isArray(bodyOf(req).faults) ? bodyOf(req).faults : [body]
      ) as SandboxFaultSpec[];
      return specs.map((spec) => control.addFault(spec));
    }),
  );
  router.put(
    '/faults',
    handle((req) => {
      const body: unknown = req.body;
      const specs = (
        Array.isArray(body) ? body : Array.isArray(bodyOf(req).faults) ? bodyOf(req).faults : []
      ) as SandboxFaultSpec[];
      return control.setFaults(specs);
    }),
  );
  router.delete(
    '/faults',
    handle(() => {
      control.clearFaults();
      return { cleared: true };
    }),
  );
  router.get(
    '/webhooks',
    handle(() => ({ ...control.getWebhooks(), deliveries: control.webhookLog })),
  );
  const configureWebhooks = handle((req) => {
    control.setWebhooks(bodyOf(req));
    return control.getWebhooks();
  });
  router.put('/webhooks', configureWebhooks);
  router.post('/webhooks', configureWebhooks);
  router.post(
    '/webhooks/flush',
    handle(() => control.flushWebhooks()),
  );
  router.get(
    '/requests',
    handle(() => control.requests),
  );
  router.post(
    '/tokens/expire',
    handle(() => {
      control.expireTokens();
      return { expired: true };
    }),
  );
  router.post(
    '/reset',
    handle(() => {
      control.reset();
      return { reset: true };
    }),
  );
  return router;
}
