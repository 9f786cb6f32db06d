import { randomBytes } from 'node:crypto';
import {
  deleteEventEndpoint,
  findDeliveryEndpointId,
  findEventEndpoint,
  insertEventEndpoint,
  listDeliveryAttempts,
  listEventEndpoints,
  listRecentDeliveries,
  reopenFailedDeliveries,
  type DeliveryAttemptRow,
  type DeliveryRow,
  type EventEndpointRecord,
  type EventType,
} from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { JOBS } from '../../platform/core/job-queue';
import { resolveHostKind, urlHost } from '../../platform/security/public-address';

export interface EventEndpointView {
  id: string;
  url: string;
  /** null = every event type. */
  eventTypes: EventType[] | null;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  createdAt: Date;
}

export interface EventDeliveryView {
  id: string;
  eventType: EventType;
  msgId: string;
  orderId: string | null;
  orderNumber: string | null;
  state: DeliveryRow['state'];
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
  canReplay: boolean;
  attemptLog: Omit<DeliveryAttemptRow, 'deliveryId'>[];
}

function toView(endpoint: EventEndpointRecord): EventEndpointView {
  return {
    id: endpoint.id,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    failingSince: endpoint.failingSince,
    createdAt: endpoint.createdAt,
  };
}

/** A Standard Webhooks secret: whsec_ + base64 of 24 random bytes. */
function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** How long endpoint creation waits for the host name to resolve before leaving the check to delivery. */
const CREATE_LOOKUP_TIMEOUT_MS = 3_000;

/**
 * eventEndpoints.create: the secret is in this answer only (the admin copies it into the receiving
 * system). A host that is, or resolves only to, an address that is not public (loopback, private,
 * link-local, unique-local, multicast, 0.0.0.0, any IPv6 form of those) is refused here; a name that
 * does not resolve yet is accepted, and every delivery checks the address it actually connects to.
 */
export async function createEventEndpoint(
  deps: AppDeps,
  input: { url: string; events?: EventType[] | undefined },
): Promise<{ id: string; secret: string }> {
  const url = new URL(input.url);
  const host = urlHost(url);
  if (!deps.config.events.allowPrivateUrls) {
    const kind =
      host === 'localhost' || host.endsWith('.localhost')
        ? 'private'
        : await resolveHostKind(host, Math.min(deps.config.events.timeoutMs, CREATE_LOOKUP_TIMEOUT_MS));
    if (kind === 'private') {
      throw new AppError('EVENT_URL_NOT_ALLOWED', {
        userMessage: `${host} is not a public address (loopback, private or reserved); events go only to public addresses (EVENTS_ALLOW_PRIVATE_URLS allows others).`,
      });
    }
  }
  const secret = newSigningSecret();
  const events = input.events && input.events.length > 0 ? [...new Set(input.events)] : null;
  const endpoint = await insertEventEndpoint(deps.db, {
    url: url.toString(),
    secret,
    eventTypes: events,
    now: deps.clock.now(),
  });
  deps.logger.info({ endpointId: endpoint.id, host: url.host, events }, '[EVENTS] endpoint created');
  return { id: endpoint.id, secret };
}

export async function listEventEndpointViews(deps: AppDeps): Promise<EventEndpointView[]> {
  return (await listEventEndpoints(deps.db)).map(toView);
}

export async function removeEventEndpoint(deps: AppDeps, endpointId: string): Promise<{ id: string }> {
  if (!(await deleteEventEndpoint(deps.db, endpointId))) throw new AppError('EVENT_ENDPOINT_NOT_FOUND');
  deps.logger.info({ endpointId }, '[EVENTS] endpoint deleted');
  return { id: endpointId };
}

/** An endpoint's recent deliveries with each one's attempt log, newest first. */
export async function listEndpointDeliveries(
  deps: AppDeps,
  input: { endpointId: string; limit: number },
): Promise<EventDeliveryView[]> {
  const endpoint = await findEventEndpoint(deps.db, input.endpointId);
  if (!endpoint) throw new AppError('EVENT_ENDPOINT_NOT_FOUND');
  const rows = await listRecentDeliveries(deps.db, endpoint.id, input.limit);
  const attempts = await listDeliveryAttempts(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    id: row.id,
    eventType: row.eventType,
    msgId: row.msgId,
    orderId: row.orderId,
    orderNumber: row.orderNumber,
    state: row.state,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt,
    deliveredAt: row.deliveredAt,
    createdAt: row.createdAt,
    canReplay: row.state === 'failed' && endpoint.enabled,
    attemptLog: attempts.filter((a) => a.deliveryId === row.id).map(({ deliveryId: _id, ...attempt }) => attempt),
  }));
}

/**
 * Replays failed deliveries (one, or every failed one of an endpoint): each goes back to pending
 * and is sent again with its original webhook-id, so a receiver that dedupes sees it once.
 */
export async function replayDeliveries(
  deps: AppDeps,
  target: { deliveryId: string } | { endpointId: string },
): Promise<{ replayed: number }> {
  const endpointId =
    'deliveryId' in target ? await findDeliveryEndpointId(deps.db, target.deliveryId) : target.endpointId;
  if ('deliveryId' in target && !endpointId) throw new AppError('EVENT_DELIVERY_NOT_FOUND');
  const endpoint = endpointId ? await findEventEndpoint(deps.db, endpointId) : undefined;
  if (!endpoint) throw new AppError('EVENT_ENDPOINT_NOT_FOUND');
  if (!endpoint.enabled) {
    throw new AppError('EVENT_URL_NOT_ALLOWED', {
      userMessage: `This endpoint is disabled (${endpoint.disabledReason ?? 'by the receiver'}); create it again to send to it.`,
    });
  }
  const ids = await reopenFailedDeliveries(deps.db, target, deps.clock.now());
  for (const deliveryId of ids) await deps.queue.sendNow(JOBS.deliverEvent, { deliveryId });
  deps.logger.info({ endpointId: endpoint.id, replayed: ids.length }, '[EVENTS] deliveries replayed');
  return { replayed: ids.length };
}
