import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  SandboxActiveFault,
  SandboxFaultKind,
  SandboxFaultSpec,
  SandboxRequestRecord,
  SandboxShipment,
} from './sandbox.types';

const STATE_VERSION = 1;
const MAX_REQUEST_LOG = 5_000;

interface PersistedState {
  version: number;
  nextShipmentId: number;
  nextPickupId: number;
  shipments: SandboxShipment[];
  phantomRefusals: string[];
}

const FAULT_KINDS: readonly SandboxFaultKind[] = [
  'latency',
  'timeout',
  'http_error',
  'html_block',
  'php_notice',
  'malformed_json',
  'token_expired',
  'api_error',
  'connection_reset',
  'phantom_courier',
  'book_accept_then_hang',
  'keyed_estimate',
  'duplicate_webhooks',
  'out_of_order_webhooks',
  'slow_login',
];
const BOOKING_ENDPOINTS = new Set(['/api_add_shipment_surface', '/api_add_shipment_air']);
const REVERSE_ENDPOINT = '/api_add_reverse_shipment';

export class SandboxInputError extends Error {
  override name = 'SandboxInputError';
  constructor(
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
  }
}

/**
 * Everything the sandbox remembers: shipments (optionally persisted to a JSON file), live tokens,
 * active faults and a log of every request received. In memory, one process.
 */
export class SandboxState {
  readonly shipments = new Map<string, SandboxShipment>();
  readonly requests: SandboxRequestRecord[] = [];
  /** `${courierId}|${pincode}` pairs that estimate offered under the phantom fault and booking refuses. */
  readonly phantomRefusals = new Set<string>();
  private readonly tokens = new Map<string, number>();
  private faults: SandboxActiveFault[] = [];
  private nextFaultId = 1;
  private requestSeq = 0;
  private saveTimer: NodeJS.Timeout | null = null;
  private bookingRequests = 0;
  private reverseRequests = 0;
  nextShipmentId: number;
  nextPickupId = 7001;

  constructor(
    private readonly options: {
      now: () => number;
      tokenTtlMs: number;
      stateFile: string | null;
      firstShipmentId: number;
    },
  ) {
    this.nextShipmentId = options.firstShipmentId;
    this.load();
  }

  now(): Date {
    return new Date(this.options.now());
  }

  issueToken(): string {
    // PHP session ids are 26 lowercase alphanumerics.
    const token = randomBytes(20)
      .toString('hex')
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 26);
    this.tokens.set(token, this.options.now());
    return token;
  }

  /** Checks a token and slides its expiry, as OpenCart refreshes the session on every call. */
  useToken(token: string | null): boolean {
    if (token === null) return false;
    const lastUsed = this.tokens.get(token);
    if (lastUsed === undefined) return false;
    const now = this.options.now();
    if (now - lastUsed > this.options.tokenTtlMs) {
      this.tokens.delete(token);
      return false;
    }
    this.tokens.set(token, now);
    return true;
  }

  revokeToken(token: string | null): void {
    if (token !== null) this.tokens.delete(token);
  }

  expireAllTokens(): void {
    this.tokens.clear();
  }

  activeTokenCount(): number {
    return this.tokens.size;
  }

  record(entry: Omit<SandboxRequestRecord, 'seq' | 'at' | 'outcome'>): SandboxRequestRecord {
    this.requestSeq += 1;
    const record: SandboxRequestRecord = {
      seq: this.requestSeq,
      at: this.now().toISOString(),
      outcome: 'pending',
      ...entry,
    };
    if (BOOKING_ENDPOINTS.has(entry.endpoint)) this.bookingRequests += 1;
    if (entry.endpoint === REVERSE_ENDPOINT) this.reverseRequests += 1;
    this.requests.push(record);
    if (this.requests.length > MAX_REQUEST_LOG) this.requests.splice(0, this.requests.length - MAX_REQUEST_LOG);
    return record;
  }

  /** Booking requests received (any outcome, including hung and refused ones). */
  bookingCount(): number {
    return this.bookingRequests;
  }

  /** Reverse-shipment requests received (any outcome). */
  reverseBookingCount(): number {
    return this.reverseRequests;
  }

  setFaults(specs: readonly SandboxFaultSpec[]): SandboxActiveFault[] {
    this.faults = [];
    return specs.map((spec) => this.addFault(spec));
  }

  addFault(spec: SandboxFaultSpec): SandboxActiveFault {
    if (!FAULT_KINDS.includes(spec.kind))
      throw new SandboxInputError(`unknown fault kind ${JSON.stringify(spec.kind)}; one of ${FAULT_KINDS.join(', ')}`);
    const count = spec.count ?? 1;
    if (count !== 'always' && (!Number.isInteger(count) || count < 1))
      throw new SandboxInputError('fault count must be a positive integer or "always"');
    const fault: SandboxActiveFault = {
      ...spec,
      // slow_login always hits the login, whatever endpoint was named.
      endpoint: spec.kind === 'slow_login' ? undefined : normaliseEndpoint(spec.endpoint),
      id: this.nextFaultId,
      remaining: count,
    };
    this.nextFaultId += 1;
    this.faults.push(fault);
    // Clients hold tokens for ~50 minutes: expire them so the very next call logs in (slowly).
    if (spec.kind === 'slow_login') this.expireAllTokens();
    return fault;
  }

  clearFaults(): void {
    this.faults = [];
  }

  listFaults(): SandboxActiveFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** Takes (and counts down) the first active fault of `kind` matching `endpoint`. */
  takeFault(kind: SandboxFaultKind, endpoint: string | null): SandboxActiveFault | undefined {
    const fault = this.faults.find(
      (candidate) => candidate.kind === kind && endpointMatches(candidate.endpoint, endpoint),
    );
    if (fault === undefined) return undefined;
    if (fault.remaining !== 'always') {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    }
    return { ...fault };
  }

  allocateShipmentId(): string {
    const id = this.nextShipmentId;
    this.nextShipmentId += 1;
    return String(id);
  }

  allocatePickupId(): string {
    const id = this.nextPickupId;
    this.nextPickupId += 1;
    return String(id);
  }

  getShipment(id: string): SandboxShipment {
    const shipment = this.shipments.get(id);
    if (shipment === undefined) throw new SandboxInputError(`no shipment ${id}`, 404);
    return shipment;
  }

  reset(): void {
    this.shipments.clear();
    this.requests.length = 0;
    this.phantomRefusals.clear();
    this.tokens.clear();
    this.faults = [];
    this.bookingRequests = 0;
    this.reverseRequests = 0;
    this.nextShipmentId = this.options.firstShipmentId;
    this.nextPickupId = 7001;
    this.flush();
  }

  /**
   * Schedules a write of the state file. Writes are coalesced (one per 50 ms at most) so a burst
   * of bookings does not rewrite a growing file each time; `flush()` writes at once.
   */
  save(): void {
    if (this.options.stateFile === null || this.saveTimer !== null) return;
    this.saveTimer = setTimeout(() => this.flush(), 50);
    this.saveTimer.unref();
  }

  /** Writes the state file now, atomically (temp file + rename) so a crash never leaves half a file. */
  flush(): void {
    if (this.saveTimer !== null) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
    }
    const file = this.options.stateFile;
    if (file === null) return;
    const data: PersistedState = {
      version: STATE_VERSION,
      nextShipmentId: this.nextShipmentId,
      nextPickupId: this.nextPickupId,
      shipments: [...this.shipments.values()],
      phantomRefusals: [...this.phantomRefusals],
    };
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(data, null, 1));
    renameSync(temp, file);
  }

  private load(): void {
    const file = this.options.stateFile;
    if (file === null) return;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    const data = JSON.parse(text) as Partial<PersistedState>;
    if (data.version !== STATE_VERSION)
      throw new Error(`sandbox state file ${file} has version ${String(data.version)}, expected ${STATE_VERSION}`);
    for (const shipment of data.shipments ?? []) this.shipments.set(shipment.shipmentId, upgradeShipment(shipment));
    for (const pair of data.phantomRefusals ?? []) this.phantomRefusals.add(pair);
    this.nextShipmentId = Math.max(this.nextShipmentId, data.nextShipmentId ?? 0);
    this.nextPickupId = Math.max(this.nextPickupId, data.nextPickupId ?? 0);
  }
}

export function normaliseEndpoint(endpoint: string | undefined): string | undefined {
  if (endpoint === undefined || endpoint === '' || endpoint === '*') return undefined;
  if (endpoint === 'book') return 'book';
  return endpoint.startsWith('/') ? endpoint : `/${endpoint}`;
}

/** `endpoint` null means "not an API call" (webhook faults): any scope matches. */
function endpointMatches(pattern: string | undefined, endpoint: string | null): boolean {
  if (pattern === undefined || endpoint === null) return true;
  if (pattern === 'book') return BOOKING_ENDPOINTS.has(endpoint);
  return pattern === endpoint;
}

/** Shipments saved by older sandboxes: iCarry mode letters, no direction fields. */
function upgradeShipment(saved: SandboxShipment): SandboxShipment {
  const mode: string = (saved as { mode: string }).mode;
  return {
    ...saved,
    mode: mode === 'E' || mode === 'express' ? 'express' : 'surface',
    direction: saved.direction ?? 'forward',
    forwardShipmentId: saved.forwardShipmentId ?? null,
    reverseShipmentId: saved.reverseShipmentId ?? null,
    pickup: saved.pickup ?? null,
    returnReason: saved.returnReason ?? null,
  };
}
