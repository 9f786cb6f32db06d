import { timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { SANDBOX_COURIERS } from './sandbox.catalog';
import type { SandboxEngine } from './sandbox.engine';
import { bodyObject, sendJson } from './sandbox.http';
import type { SandboxRequest } from './sandbox.http';
import { SandboxInputError } from './sandbox.state';
import type { SandboxState } from './sandbox.state';
import { SANDBOX_LABEL_SHAPES } from './sandbox.types';
import type {
  ControlCallOptions,
  SandboxActiveFault,
  SandboxAdoptedShipment,
  SandboxFaultSpec,
  SandboxLabelShape,
  SandboxRequestRecord,
  SandboxShipment,
  SandboxWebhookUrls,
  ShipmentChangeResult,
  WebhookDelivery,
} from './sandbox.types';
import type { SandboxWebhooks } from './sandbox.webhooks';

/** The header HTTP control calls must carry, with `sandbox.controlToken` as its value. */
export const CONTROL_TOKEN_HEADER = 'X-Sandbox-Token';

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
  /** The last 1,000 webhook deliveries attempted, oldest first. */
  readonly webhookLog: readonly WebhookDelivery[];
  /** Sends held-back (out-of-order) webhooks and waits for background deliveries. */
  flushWebhooks(): Promise<WebhookDelivery[]>;
  /** Booking requests received, whatever their outcome (hung, refused, accepted). */
  bookingCount(): number;
  /** Reverse-shipment requests received, whatever their outcome. */
  reverseBookingCount(): number;
  /** Which shape label requests are answered in. */
  setLabelShape(shape: SandboxLabelShape): void;
  getLabelShape(): SandboxLabelShape;
  /** What billing sync answers for a shipment now (null while it is not billable). */
  billedCharge(shipmentId: string): { paise: number; grams: number } | null;
  /** Every iCarry API request received, secrets masked. */
  readonly requests: readonly SandboxRequestRecord[];
  /** Invalidates every token (as if 60 minutes passed): the next call gets a token error. */
  expireTokens(): void;
  /** Forgets shipments, requests, faults and tokens; keeps credentials, webhook URLs and the label shape. */
  reset(): void;
  /**
   * Takes in forward shipments booked elsewhere (ids it does not know yet), at their current
   * status, so they can be returned, labelled and moved like its own. Sends no webhook. Returns
   * how many were new.
   */
  adoptShipments(shipments: readonly SandboxAdoptedShipment[]): number;
}

export function createSandboxControl(
  state: SandboxState,
  engine: SandboxEngine,
  webhooks: SandboxWebhooks,
): SandboxControl {
  return {
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
    reverseBookingCount: () => state.reverseBookingCount(),
    setLabelShape: (shape) => {
      if (!SANDBOX_LABEL_SHAPES.includes(shape))
        throw new SandboxInputError(`label shape must be one of ${SANDBOX_LABEL_SHAPES.join(', ')}`);
      engine.labelShape = shape;
    },
    getLabelShape: () => engine.labelShape,
    billedCharge: (id) => engine.billedCharge(state.getShipment(id)),
    get requests() {
      return state.requests;
    },
    expireTokens: () => state.expireAllTokens(),
    reset: () => {
      state.reset();
      webhooks.log.length = 0;
    },
    adoptShipments: (shipments) => adoptShipments(state, engine, shipments),
  };
}

function adoptShipments(
  state: SandboxState,
  engine: SandboxEngine,
  shipments: readonly SandboxAdoptedShipment[],
): number {
  let added = 0;
  for (const given of shipments) {
    if (state.shipments.has(given.shipmentId)) continue;
    const courier = SANDBOX_COURIERS.find((c) => c.id === given.courierId);
    const at = given.updatedAt ?? given.createdAt;
    const shipment: SandboxShipment = {
      shipmentId: given.shipmentId,
      awb: given.awb,
      courierId: given.courierId,
      courierName: given.courierName,
      courierGroup: courier?.group ?? null,
      clientOrderId: given.clientOrderId,
      direction: 'forward',
      forwardShipmentId: null,
      reverseShipmentId: null,
      pickup: null,
      returnReason: null,
      mode: given.mode,
      pickupAddressId: engine.config.pickupAddressId,
      pickupId: state.allocatePickupId(),
      status: given.status,
      originPincode: engine.config.pickupPincode,
      consignee: { ...given.consignee },
      parcel: { ...given.parcel, items: given.parcel.items.map((i) => ({ ...i })) },
      costEstimatePaise: null,
      createdAt: given.createdAt,
      eddAt: null,
      pickedAt: [1, 2, 7, 25].includes(given.status) ? null : at,
      deliveredAt: given.status === 21 ? at : null,
      history: [
        { code: 1, at: given.createdAt, location: 'Booked', notes: 'Shipment booked (taken into the sandbox)' },
        ...(given.status === 1 ? [] : [{ code: given.status, at, location: 'Sandbox', notes: 'Status as taken in' }]),
      ],
      ndrs: [],
      weightDisputes: [],
    };
    state.shipments.set(shipment.shipmentId, shipment);
    added += 1;
  }
  if (added > 0) state.save();
  return added;
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

type Route = {
  method: string;
  pattern: RegExp;
  run: (request: SandboxRequest, params: string[]) => unknown;
};

/**
 * `/__sandbox/...` over HTTP. Every call needs the per-run token in X-Sandbox-Token, and bodies
 * must be JSON: a web page that finds the port can post a form cross-site, but it can neither set
 * that header nor read the token, so it can change nothing (repoint webhooks, read the key).
 */
export function handleControlRequest(
  request: SandboxRequest,
  res: ServerResponse,
  context: {
    control: SandboxControl;
    controlToken: string;
    credentials: { username: string; pickupAddressId: string; pickupPincode: string };
    baseUrl: () => string;
  },
): void {
  const { control } = context;
  if (!tokenMatches(request.header(CONTROL_TOKEN_HEADER), context.controlToken)) {
    sendJson(res, 401, {
      error: `control calls need the sandbox's control token in the ${CONTROL_TOKEN_HEADER} header (printed at start; sandbox.controlToken in code)`,
    });
    return;
  }
  const contentType = request.header('content-type');
  const hasBody = request.text.trim() !== '';
  if (
    request.method !== 'GET' &&
    ((contentType !== null && !/json/i.test(contentType)) || (hasBody && contentType === null))
  ) {
    sendJson(res, 415, { error: 'control endpoints take JSON bodies only (content-type: application/json)' });
    return;
  }

  const body = bodyObject(request);
  const wait = (): ControlCallOptions => ({ awaitWebhooks: request.query.get('async') !== '1' && body.async !== true });
  const faultSpecs = (fallback: unknown[]): SandboxFaultSpec[] => {
    const raw = request.body;
    return (Array.isArray(raw) ? raw : Array.isArray(body.faults) ? body.faults : fallback) as SandboxFaultSpec[];
  };
  const routes: Route[] = [
    {
      method: 'GET',
      pattern: /^$/,
      run: () => ({
        name: 'iCarry sandbox',
        url: context.baseUrl(),
        username: context.credentials.username,
        pickupAddressId: context.credentials.pickupAddressId,
        pickupPincode: context.credentials.pickupPincode,
        labelShape: control.getLabelShape(),
        pincodeRules: { unserviceable: 'starts with 9', noCod: 'ends with 99', noExpress: 'ends with 98' },
        couriers: SANDBOX_COURIERS.map((c) => ({ id: c.id, name: c.name, group: c.group, mode: c.mode })),
      }),
    },
    { method: 'GET', pattern: /^\/shipments$/, run: () => control.listShipments() },
    {
      method: 'GET',
      pattern: /^\/shipments\/([^/]+)$/,
      run: (_req, [id = '']) => {
        const shipment = control.getShipment(id);
        if (shipment === undefined) throw new SandboxInputError(`no shipment ${id}`, 404);
        return shipment;
      },
    },
    {
      method: 'POST',
      pattern: /^\/shipments\/([^/]+)\/advance$/,
      run: (_req, [id = '']) => control.advance(id, wait()),
    },
    {
      method: 'POST',
      pattern: /^\/shipments\/([^/]+)\/status$/,
      run: (_req, [id = '']) => control.setStatus(id, Number(body.code ?? body.status), wait()),
    },
    {
      method: 'POST',
      pattern: /^\/shipments\/([^/]+)\/ndr$/,
      run: (_req, [id = '']) => control.raiseNdr(id, typeof body.type === 'string' ? body.type : '', wait()),
    },
    {
      method: 'POST',
      pattern: /^\/shipments\/([^/]+)\/weight$/,
      run: (_req, [id = '']) => {
        const dims = body.newDimensions as { lengthCm: number; breadthCm: number; heightCm: number } | undefined;
        return control.weightDiscrepancy(id, Number(body.newGrams), { ...wait(), newDimensions: dims });
      },
    },
    {
      method: 'GET',
      pattern: /^\/shipments\/([^/]+)\/billing$/,
      run: (_req, [id = '']) => ({ shipmentId: id, charge: control.billedCharge(id) }),
    },
    { method: 'GET', pattern: /^\/faults$/, run: () => control.listFaults() },
    {
      method: 'POST',
      pattern: /^\/faults$/,
      run: () => faultSpecs([request.body]).map((spec) => control.addFault(spec)),
    },
    { method: 'PUT', pattern: /^\/faults$/, run: () => control.setFaults(faultSpecs([])) },
    {
      method: 'DELETE',
      pattern: /^\/faults$/,
      run: () => {
        control.clearFaults();
        return { cleared: true };
      },
    },
    {
      method: 'GET',
      pattern: /^\/webhooks$/,
      run: () => ({ ...control.getWebhooks(), deliveries: control.webhookLog }),
    },
    ...['PUT', 'POST'].map((method): Route => ({
      method,
      pattern: /^\/webhooks$/,
      run: () => {
        control.setWebhooks(body);
        return control.getWebhooks();
      },
    })),
    { method: 'POST', pattern: /^\/webhooks\/flush$/, run: () => control.flushWebhooks() },
    { method: 'GET', pattern: /^\/label-shape$/, run: () => ({ shape: control.getLabelShape() }) },
    {
      method: 'PUT',
      pattern: /^\/label-shape$/,
      run: () => {
        control.setLabelShape(body.shape as SandboxLabelShape);
        return { shape: control.getLabelShape() };
      },
    },
    { method: 'GET', pattern: /^\/requests$/, run: () => control.requests },
    {
      method: 'POST',
      pattern: /^\/tokens\/expire$/,
      run: () => {
        control.expireTokens();
        return { expired: true };
      },
    },
    {
      method: 'POST',
      pattern: /^\/reset$/,
      run: () => {
        control.reset();
        return { reset: true };
      },
    },
  ];

  const subPath = request.path.replace(/^\/__sandbox/, '').replace(/\/+$/, '');
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(subPath);
    if (match === null) continue;
    pathMatched = true;
    if (route.method !== request.method) continue;
    const params = match.slice(1).map(safeDecode);
    void Promise.resolve()
      .then(() => route.run(request, params))
      .then(
        (result) => sendJson(res, 200, result),
        (error: unknown) => {
          const status = error instanceof SandboxInputError ? error.httpStatus : 400;
          sendJson(res, status, { error: error instanceof Error ? error.message : String(error) });
        },
      );
    return;
  }
  if (pathMatched) sendJson(res, 405, { error: `${request.method} is not allowed on ${request.path}` });
  else sendJson(res, 404, { error: `no control endpoint ${request.method} ${request.path}; see docs/sandbox.md` });
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
