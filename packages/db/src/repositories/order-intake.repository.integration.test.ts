import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/index';
import { insertApiKey } from './api-key.repository';
import { claimIdempotencyKey, IdempotencyClaimLostError, type IdempotencyRecord } from './idempotency.repository';
import { compiledOnceWith } from './compiled-once';
import { insertIntakeOrders, type IntakeOrder } from './order-intake.repository';
import { intakeStatement } from './order-intake.statement';

/** An Orders API order with a note and a SKU new to the catalogue. */
function apiOrder(externalId: string, phone: string): IntakeOrder {
  return {
    source: 'api',
    externalId,
    orderNumber: null,
    placedAt: null,
    status: 'processing',
    paymentMethod: 'prepaid',
    codAmountPaise: null,
    customer: { name: 'Lakshmi Menon', phone, email: null, whatsappOptIn: true },
    shippingAddress: {
      name: 'Lakshmi Menon',
      line1: '7, Temple Street',
      line2: null,
      city: 'Kochi',
      state: 'KL',
      pincode: '682011',
    },
    items: [
      { sku: `SKU-${externalId}`, name: 'Banana Chips 250g', quantity: 2, unitPricePaise: 18_000, weightText: null },
    ],
    shippingPaise: 4_000,
    discountPaise: 0,
    note: 'Leave with the neighbour',
    receivedVia: 'Received through the Orders API',
  };
}

describe.each(testDatabaseKinds())('insertIntakeOrders on %s', (kind) => {
  let database: TestDatabase;
  let apiKeyId = '';

  async function counts() {
    const { rows } = await sql<{ orders: number; customers: number; products: number; notes: number }>`
      select (select count(*) from orders)::int as orders, (select count(*) from customers)::int as customers,
        (select count(*) from products)::int as products, (select count(*) from order_notes)::int as notes`.execute(
      database.db,
    );
    return rows[0];
  }

  async function claim(key: string): Promise<IdempotencyRecord> {
    const now = new Date();
    const result = await claimIdempotencyKey(database.db, {
      apiKeyId,
      key,
      fingerprint: `fp-${key}`,
      now,
      abandonedBefore: new Date(now.getTime() - 120_000),
      expiredBefore: new Date(now.getTime() - 86_400_000),
    });
    if (!result.claimed) throw new Error('not claimed');
    return result.claim;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    apiKeyId = (
      await insertApiKey(database.db, {
        name: 'intake test',
        prefix: 'sk_test_intk',
        keyHash: 'intake-test-hash',
        createdByAdminId: null,
        now: new Date(),
      })
    ).id;
  });
  afterAll(async () => {
    await database.close();
  });

  it('one statement on the pool stores the order and its answer, with the SKUs it added', async () => {
    const claimed = await claim('ok-1');
    const [created] = await insertIntakeOrders(database.db, [apiOrder('INTAKE-OK-1', '9000000001')], new Date(), {
      storeAnswer: ([planned]) => ({
        claim: claimed,
        answer: { status: 201, body: { orderNumber: planned?.orderNumber, createdProducts: [] }, now: new Date() },
      }),
    });
    expect(created?.createdSkus).toEqual(['SKU-INTAKE-OK-1']);
    const { rows } = await sql<{ state: string; response_body: { orderNumber: string; createdProducts: string[] } }>`
      select state, response_body from idempotency_keys where key = 'ok-1'`.execute(database.db);
    expect(rows[0]).toEqual({
      state: 'done',
      response_body: { orderNumber: created?.orderNumber, createdProducts: ['SKU-INTAKE-OK-1'] },
    });
    const { rows: items } = await sql<{ linked: boolean }>`
      select product_id is not null as linked from order_items where order_id = ${created?.orderId ?? ''}`.execute(
      database.db,
    );
    expect(items).toEqual([{ linked: true }]);
  });

  it('a claim taken over meanwhile: the statement writes nothing at all, even without a transaction', async () => {
    const claimed = await claim('lost-1');
    // Another request took the claim over (an abandoned claim is taken by moving its created_at).
    await sql`update idempotency_keys set created_at = created_at + interval '1 second' where key = 'lost-1'`.execute(
      database.db,
    );
    const before = await counts();
    await expect(
      insertIntakeOrders(database.db, [apiOrder('INTAKE-LOST-1', '9000000002')], new Date(), {
        storeAnswer: () => ({
          claim: claimed,
          answer: { status: 201, body: { createdProducts: [] }, now: new Date() },
        }),
      }),
    ).rejects.toBeInstanceOf(IdempotencyClaimLostError);
    // No order, customer, catalogue entry or note: nothing of the lost request stays.
    expect(await counts()).toEqual(before);
    const { rows } = await sql<{ state: string }>`select state from idempotency_keys where key = 'lost-1'`.execute(
      database.db,
    );
    expect(rows[0]?.state).toBe('running');
  });

  it('a statement compiled once binds each call its own values, keeps its constants, and refuses a value not bound', async () => {
    const customer = await sql<{
      id: string;
    }>`insert into customers (name, phone) values ('Asha Rao', '9800000077') returning id::text`.execute(database.db);
    const build = (db: typeof database.db, v: Readonly<Record<'phone' | 'name', unknown>>) =>
      db
        .selectFrom('customers')
        .select(sql<string>`id::text`.as('id'))
        .where('phone', '=', v.phone as string)
        .where('name', '=', v.name as string)
        .where('language', '=', 'en')
        .compile();
    const once = compiledOnceWith(['phone', 'name'], build);
    const fresh = build(database.db, { phone: '9800000077', name: 'Asha Rao' });
    const compiled = once(database.db, { phone: '9800000077', name: 'Asha Rao' });
    expect(compiled.sql).toBe(fresh.sql);
    expect(compiled.parameters).toEqual(fresh.parameters);
    expect((await database.db.executeQuery(compiled)).rows).toEqual([{ id: customer.rows[0]?.id }]);
    // The second call's values, not the first's.
    expect(
      (await database.db.executeQuery(once(database.db, { phone: '9800000077', name: 'Someone Else' }))).rows,
    ).toEqual([]);
    expect(once(database.db, { phone: '1', name: '2' }).parameters).toEqual(['1', '2', 'en']);

    const written = compiledOnceWith(['phone'], (db, v) =>
      sql`select id from customers where phone = '${sql.raw(String(v.phone))}'`.compile(db),
    );
    expect(() => written(database.db, { phone: '9800000077' })).toThrow(/written into the SQL text/);
    const unbound = compiledOnceWith(['phone', 'name'], (db, v) =>
      db
        .selectFrom('customers')
        .select('id')
        .where('phone', '=', v.phone as string)
        .compile(),
    );
    expect(() => unbound(database.db, { phone: '9800000077', name: 'x' })).toThrow(/name never bound/);
  });

  it('its cached generic plan finds known customers and SKUs by index, never by scanning the tables', async () => {
    // A table that grew since its statistics were taken (as in a sale, or a CSV import).
    await sql`insert into customers (name, phone) select 'Plan ' || n, '9' || lpad(n::text, 9, '0') from generate_series(1, 5000) n`.execute(
      database.db,
    );
    const now = new Date('2026-12-06T10:00:00Z');
    const statement = intakeStatement(database.db, {
      now,
      catalogue: '[]',
      customers: '[]',
      orders: '[]',
      items: '[]',
      history: '[]',
      notes: '[]',
    });
    const literal = (v: unknown) => {
      if (v === null) return 'null';
      const text = v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : JSON.stringify(v);
      return `'${text.replaceAll("'", "''")}'`;
    };
    const plan = await database.db.connection().execute(async (conn) => {
      await sql`set plan_cache_mode = force_generic_plan`.execute(conn);
      try {
        await sql.raw(`prepare intake_plan as ${statement.sql}`).execute(conn);
        const { rows } = await sql
          .raw<{ 'QUERY PLAN': unknown }>(
            `explain (format json) execute intake_plan(${statement.parameters.map(literal).join(', ')})`,
          )
          .execute(conn);
        await sql`deallocate intake_plan`.execute(conn);
        return rows[0]?.['QUERY PLAN'];
      } finally {
        await sql`reset plan_cache_mode`.execute(conn);
      }
    });
    type PlanNode = {
      'Node Type': string;
      'Relation Name'?: string;
      'Index Name'?: string;
      'Subplan Name'?: string;
      Plans?: PlanNode[];
    };
    const root = (JSON.parse(typeof plan === 'string' ? plan : JSON.stringify(plan)) as { Plan: PlanNode }[])[0]?.Plan;
    const scans = (node: PlanNode, cte: string | null, out: string[]) => {
      const inCte = node['Subplan Name']?.startsWith('CTE ') ? node['Subplan Name'] : cte;
      if (node['Node Type'] === 'Seq Scan') out.push(`${inCte ?? 'main'}: ${node['Relation Name'] ?? '?'}`);
      // A known customer is the phone's first entry in customers_phone_idx (phone, id); a walk of the
      // primary key in id order, filtering on the phone, reads every customer for a new phone.
      if (inCte === 'CTE existing' && node['Index Name'] !== undefined && node['Index Name'] !== 'customers_phone_idx')
        out.push(`${inCte}: ${node['Index Name']}`);
      for (const child of node.Plans ?? []) scans(child, inCte, out);
      return out;
    };
    const seqScans = root ? scans(root, null, []) : ['no plan'];
    // Every create runs these two lookups; with a join, a small table's generic plan hashed a whole scan.
    expect(seqScans.filter((s) => s.startsWith('CTE existing') || s.startsWith('CTE catalogue'))).toEqual([]);
    expect(root).toBeDefined();
  });
});
