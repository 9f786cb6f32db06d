import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  findCurrentShipment,
  findOrdersByExternalIds,
  findTakenOrderNumbers,
  IdempotencyClaimLostError,
  insertIntakeOrders,
  listOrderItems,
  releaseIdempotencyKey,
  type AllocatedOrderIds,
  type DB,
  type DbExecutor,
  type IntakeOrder,
  type ClaimResult,
  type IdempotencyRecord,
  type OpenedClaim,
  type OutboxReads,
  type IntakeResult,
  type OrderRecord,
  type Transaction,
} from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { eventsAreRecorded, recordOrdersCreated, type CreatedOrder } from '../../outbox/events/record-event';
import { trackingLink } from '../../platform/security/tokens';
import { requestCodConfirmations } from '../../customer/cod-confirmation/request-cod-confirmation';
import { codRisks } from '../../shipping/shipments/delivery-memory.service';
import { COD_POLICY_SETTING_KEY, currentCodPolicy } from '../../customer/cod-confirmation/cod-policy.service';
import { errorAnswer, type Answer } from './rest-answer';
import { fingerprintBody, IDEMPOTENCY_ABANDONED_MS, IDEMPOTENCY_KEY_TTL_MS } from './idempotency.rules';
import { orderInputSchema, toFieldIssues, toIntakeOrder, type NormalisedOrderInput } from './order-input.schema';
import { pincodeDirectory } from '../../platform/address/address-check';
import { toApiOrder } from './api-order.view';

const PG_UNIQUE_VIOLATION = '23505';

function uniqueViolation(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const { code, constraint } = err as { code?: unknown; constraint?: unknown };
  return code === PG_UNIQUE_VIOLATION ? (typeof constraint === 'string' ? constraint : '') : null;
}

/** What `order.created` says about an order an intake just stored. */
export function createdOrderOf(result: IntakeResult): CreatedOrder {
  return {
    orderId: result.orderId,
    orderNumber: result.orderNumber,
    externalId: result.externalId,
    source: result.order.source,
    status: result.order.status,
    placedAt: result.order.placedAt,
  };
}

/**
 * What every intake does in the transaction that stores new orders: `order.created` to the store's
 * systems, and the COD confirmation request for the orders the policy covers.
 */
export async function recordNewOrders(
  deps: AppDeps,
  tx: Transaction<DB>,
  results: readonly IntakeResult[],
  /** Read already (openApiWrite's newOrder reads, with RECORD_NEW_ORDERS_SETTINGS). */
  known?: OutboxReads,
): Promise<void> {
  await recordOrdersCreated(deps, tx, results.map(createdOrderOf), known?.eventEndpoints);
  await requestCodConfirmations(
    deps,
    tx,
    results.map((r) => ({
      orderId: r.orderId,
      paymentMethod: r.order.paymentMethod,
      codAmountPaise: r.order.codAmountPaise,
      pincode: r.order.shippingAddress.pincode,
    })),
    // Under the "risky pincodes only" policy: the delivery memory's flag, read in this transaction.
    async (cod) => {
      const risks = await codRisks(
        { ...deps, db: tx },
        cod.map((o) => ({ id: o.orderId, pincode: o.pincode, paymentMethod: o.paymentMethod })),
      );
      return new Set([...risks].filter(([, risk]) => risk.risky).map(([id]) => id));
    },
    known && { value: known.settings.get(COD_POLICY_SETTING_KEY) },
  );
}

/** The settings recordNewOrders reads, for openApiWrite's newOrder reads. */
export const RECORD_NEW_ORDERS_SETTINGS: readonly string[] = [COD_POLICY_SETTING_KEY];

/**
 * Whether recordNewOrders could record anything for these orders, from what was read already: an
 * enabled event endpoint, or a COD order under a confirmation policy other than off. When not, the order's one statement can be its whole write (no transaction around it).
 */
export async function newOrdersNeedRecording(
  deps: AppDeps,
  orders: readonly Pick<IntakeOrder, 'paymentMethod'>[],
  known: OutboxReads,
): Promise<boolean> {
  if (eventsAreRecorded(known.eventEndpoints)) return true;
  if (!orders.some((o) => o.paymentMethod === 'cod')) return false;
  const { policy } = await currentCodPolicy(deps, deps.db, { value: known.settings.get(COD_POLICY_SETTING_KEY) });
  return policy.kind !== 'off';
}

/** Thrown inside the create transaction when another request took the claim over: roll back. */
class ClaimLostError extends Error {}

/** The answer (GET, and the create's 201) for one order, with its shipment and the customer's link. */
export async function apiOrderAnswer(
  deps: AppDeps,
  order: OrderRecord,
  status = 200,
  db: DbExecutor = deps.db,
): Promise<Answer> {
  const items = await listOrderItems(db, order.id);
  const shipment = await findCurrentShipment(db, order.id);
  const link = trackingLink(deps.config.publicUrl, deps.secrets.appSecret, order.orderNumber);
  return { status, body: { order: toApiOrder(order, items, shipment, link) } };
}

function existingOrderAnswer(order: OrderRecord): Answer {
  return errorAnswer('ORDER_EXISTS', {
    message: `An order with externalId "${order.externalId ?? ''}" exists already: ${order.orderNumber}.`,
    details: { order: { id: order.id, orderNumber: order.orderNumber, externalId: order.externalId } },
  });
}

/** What a second request with a known key gets: 422 (other body), the stored answer, or 409 (still running). */
function answerForExisting(existing: IdempotencyRecord, fingerprint: string): Answer {
  if (existing.fingerprint !== fingerprint) return errorAnswer('IDEMPOTENCY_KEY_REUSED');
  if (existing.state === 'done' && existing.responseStatus !== null) {
    return {
      status: existing.responseStatus,
      body: (existing.responseBody ?? {}) as Record<string, unknown>,
      replayed: true,
    };
  }
  return errorAnswer('IDEMPOTENCY_KEY_IN_USE');
}

/** A create's body as checked before any database work: the answer for a bad one, or what to store. */
export type CheckedApiOrder =
  { ok: false; answer: Answer } | { ok: true; fingerprint: string; input: NormalisedOrderInput };

/** What openApiWrite draws and reads with a create's claim (its newOrder), for finishApiOrder. */
export function newOrderDraw(checked: Extract<CheckedApiOrder, { ok: true }>) {
  return { numbered: (checked.input.orderNumber ?? null) === null, settingKeys: RECORD_NEW_ORDERS_SETTINGS };
}

/** The create's body against the order schema (no database): 400 with field issues, or the order input. */
export function checkApiOrderBody(body: unknown): CheckedApiOrder {
  const parsed = orderInputSchema.safeParse(body);
  if (!parsed.success)
    return { ok: false, answer: errorAnswer('VALIDATION_FAILED', { issues: toFieldIssues(parsed.error) }) };
  return { ok: true, fingerprint: fingerprintBody(body), input: parsed.data };
}

/**
 * POST /api/v1/orders. Idempotent twice over: per (API key, Idempotency-Key), claimed in the
 * database so concurrent requests on any instance run once, and per natural key ('api',
 * externalId). Invalid bodies are answered 400 and store nothing (so the key can be reused with
 * a fixed body). The order and its replayable answer commit in one transaction.
 */
export async function createApiOrder(
  deps: AppDeps,
  input: { apiKeyId: string; idempotencyKey: string; body: unknown },
): Promise<Answer> {
  const checked = checkApiOrderBody(input.body);
  if (!checked.ok) return checked.answer;
  return finishApiOrder(deps, {
    apiKeyId: input.apiKeyId,
    idempotencyKey: input.idempotencyKey,
    checked,
    claim: undefined,
  });
}

/**
 * The create after its body passed checkApiOrderBody: the idempotency claim (`claim`, when the
 * route's opening statement made it already: openApiWriteRequest; a refusal whose row that
 * statement could not see claims again here), then the order and its stored answer.
 */
export async function finishApiOrder(
  deps: AppDeps,
  input: {
    apiKeyId: string;
    idempotencyKey: string;
    checked: Extract<CheckedApiOrder, { ok: true }>;
    claim: OpenedClaim | undefined;
  },
): Promise<Answer> {
  const { db, clock } = deps;
  const { fingerprint } = input.checked;
  const now = clock.now();
  const claimResult: ClaimResult =
    input.claim && (input.claim.claimed || input.claim.existing)
      ? input.claim.claimed
        ? input.claim
        : { claimed: false, existing: input.claim.existing as IdempotencyRecord }
      : await claimIdempotencyKey(db, {
          apiKeyId: input.apiKeyId,
          key: input.idempotencyKey,
          fingerprint,
          now,
          abandonedBefore: new Date(now.getTime() - IDEMPOTENCY_ABANDONED_MS),
          expiredBefore: new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS),
        });
  if (!claimResult.claimed) return answerForExisting(claimResult.existing, fingerprint);
  const claim = claimResult.claim;
  const order = toIntakeOrder(input.checked.input, 'api', 'Received through the Orders API', await pincodeDirectory());
  // Drawn with the claim (openApiWrite's newOrder): the order's id and number, and the outbox reads.
  const opened = input.claim?.claimed ? input.claim.newOrder : undefined;
  const allocated = opened && {
    ids: [opened.orderId],
    numbers: opened.orderNumber === null ? [] : [opened.orderNumber],
  };

  /** The order, its items, history and stored answer in one statement, on `db` (a transaction or the pool). */
  const write = async (on: DbExecutor, drawn: AllocatedOrderIds | undefined) => {
    let answer: (Answer & { body: { createdProducts: string[] } }) | undefined;
    const created = await insertIntakeOrders(on, [order], clock.now(), {
      allocated: drawn,
      // Stored by the statement that writes the order; a lost claim writes nothing.
      storeAnswer: ([planned]) => {
        if (!planned) throw new Error('insertIntakeOrders planned no order');
        const link = trackingLink(deps.config.publicUrl, deps.secrets.appSecret, planned.orderNumber);
        answer = {
          status: 201,
          body: { order: toApiOrder(planned.order, planned.items, null, link), createdProducts: [] },
        };
        return { claim, answer: { ...answer, now: clock.now() } };
      },
    });
    if (!answer) throw new Error('no answer was planned');
    // The statement stored the same list (the SKUs it added to the catalogue, in item order).
    answer.body.createdProducts = created[0]?.createdSkus ?? [];
    return { answer, created };
  };

  // Without an orderNumber, the first attempt does not look the externalId up: the unique index on
  // (source, external_id) refuses a second order, and the retry below looks it up and answers
  // ORDER_EXISTS. A new order, the common case, saves the round trip. With one, the lookup comes
  // first, as ORDER_EXISTS goes before ORDER_NUMBER_TAKEN.
  const finish = async (lookUpFirst: boolean, drawn: AllocatedOrderIds | undefined) =>
    db.transaction().execute(async (tx) => {
      const known = lookUpFirst
        ? (await findOrdersByExternalIds(tx, 'api', [order.externalId])).get(order.externalId)
        : undefined;
      let result: Answer;
      if (known) {
        result = existingOrderAnswer(known);
      } else if (order.orderNumber !== null && (await findTakenOrderNumbers(tx, [order.orderNumber])).size > 0) {
        result = errorAnswer('ORDER_NUMBER_TAKEN', {
          message: `Another order already has the number "${order.orderNumber}". Send a different orderNumber, or none to get one.`,
        });
      } else {
        const { answer, created } = await write(tx, drawn);
        await recordNewOrders(deps, tx, created, opened?.reads);
        return answer;
      }
      if (!(await completeIdempotencyKey(tx, claim, { ...result, now: clock.now() }))) {
        throw new ClaimLostError('the idempotency claim was taken over');
      }
      return result;
    });

  // A new order with nothing else to record is one statement, its own transaction: no begin and
  // commit round trips around it (the outbox reads came with the claim).
  const oneStatement =
    opened !== undefined && order.orderNumber === null && !(await newOrdersNeedRecording(deps, [order], opened.reads));

  try {
    return oneStatement ? (await write(db, allocated)).answer : await finish(order.orderNumber !== null, allocated);
  } catch (err) {
    const constraint = uniqueViolation(err);
    if (constraint !== null) {
      // An order with this externalId exists (or another key made it, or took the number, since our
      // check): the retry's checks see it and store the 409.
      try {
        return await finish(true, undefined);
      } catch (retryErr) {
        await releaseIdempotencyKey(db, claim);
        throw retryErr;
      }
    }
    if (err instanceof ClaimLostError || err instanceof IdempotencyClaimLostError)
      return errorAnswer('IDEMPOTENCY_KEY_IN_USE');
    await releaseIdempotencyKey(db, claim);
    throw err;
  }
}
