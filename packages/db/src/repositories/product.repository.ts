import { parseWeightText } from '@app/shipping';
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB, Product } from '../schema';
import type { DbExecutor } from './db-executor';
import { NotFoundError } from './errors';
import { isRowId } from './ids';

/** Order statuses whose parcel is still planned from the catalogue (not booked yet). */
export const OPEN_ORDER_STATUSES = ['pending', 'processing'] as const;

export interface ProductRecord {
  id: string;
  sku: string;
  name: string;
  /** As the store typed it ("500g", "1.5 kg", "family pack") or null. */
  weightText: string | null;
  /** What the one weight parser read from weightText; null when it could not. */
  weightGrams: number | null;
  /** Why weightText does not parse; null when it does. */
  weightError: string | null;
  pricePaise: number;
  /** Days the product keeps (perishables); null = it keeps longer than any journey. */
  shelfLifeDays: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProductWeightParse {
  weightGrams: number | null;
  weightError: string | null;
}

/** The parse stored beside a weight text. Ambiguous texts ("500": grams or kg?) count as errors. */
export function parseProductWeight(weightText: string | null): ProductWeightParse {
  const parse = parseWeightText(weightText);
  return parse.kind === 'ok'
    ? { weightGrams: parse.grams, weightError: null }
    : { weightGrams: null, weightError: parse.reason };
}

export function toProductRecord(row: Product): ProductRecord {
  // Rows from before the catalogue migration carry no stored parse yet: parse on read so every
  // caller sees the same answer the next write will store.
  const parsed =
    row.weight_grams === null && row.weight_error === null
      ? parseProductWeight(row.weight_text)
      : { weightGrams: row.weight_grams, weightError: row.weight_error };
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    weightText: row.weight_text,
    weightGrams: parsed.weightGrams,
    weightError: parsed.weightError,
    pricePaise: row.price_paise,
    shelfLifeDays: row.shelf_life_days ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findProductById(db: DbExecutor, productId: string): Promise<ProductRecord | undefined> {
  if (!isRowId(productId)) return undefined;
  const row = await db.selectFrom('products').selectAll().where('id', '=', productId).executeTakeFirst();
  return row && toProductRecord(row);
}

/** Throws NotFoundError when there is no such product. */
export async function getProductById(db: DbExecutor, productId: string): Promise<ProductRecord> {
  const product = await findProductById(db, productId);
  if (!product) throw new NotFoundError('product', productId);
  return product;
}

export async function findProductBySku(db: DbExecutor, sku: string): Promise<ProductRecord | undefined> {
  const row = await db.selectFrom('products').selectAll().where('sku', '=', sku).executeTakeFirst();
  return row && toProductRecord(row);
}

/** The whole catalogue by name (a store has tens to hundreds of products, not millions). */
export async function listProducts(db: DbExecutor): Promise<ProductRecord[]> {
  const rows = await db.selectFrom('products').selectAll().orderBy('name').orderBy('id').execute();
  return rows.map(toProductRecord);
}

export interface CatalogueRow extends ProductRecord {
  /**
   * Open (pending or processing) orders with an item of this SKU that has no weight of its own,
   * so this product's weight decides their parcel.
   */
  openOrderCount: number;
}

export interface ListCatalogueInput {
  /** Case-insensitive substring of the SKU or name. */
  search?: string | undefined;
  /** 1..500 */
  limit: number;
}

/**
 * The Products page: SKUs whose weight does not parse first (most affected open orders first),
 * then the rest by name. A store's catalogue is small, so the parse state is read per row.
 */
export async function listCatalogue(db: DbExecutor, input: ListCatalogueInput): Promise<CatalogueRow[]> {
  let query = db
    .selectFrom('products as p')
    .selectAll('p')
    .select((eb) =>
      eb
        .selectFrom('order_items as oi')
        .innerJoin('orders as o', 'o.id', 'oi.order_id')
        .select(sql<string>`count(distinct o.id)::text`.as('n'))
        .whereRef('oi.product_id', '=', 'p.id')
        .where('oi.weight_text', 'is', null)
        .where('o.status', 'in', OPEN_ORDER_STATUSES)
        .as('open_orders'),
    );
  const term = input.search?.trim();
  if (term) {
    const pattern = `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb(sql`lower(p.sku)`, 'like', pattern), eb(sql`lower(p.name)`, 'like', pattern)]),
    );
  }
  const rows = await query
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(Math.min(Math.max(input.limit, 1), 500))
    .execute();
  const records = rows.map(({ open_orders, ...row }) => ({
    ...toProductRecord(row),
    openOrderCount: Number(open_orders ?? 0),
  }));
  // Stable: unparseable first, most affected orders first; the query's name order stays within each group.
  return records
    .map((r, i) => ({ r, i }))
    .sort(
      (a, b) =>
        Number(a.r.weightGrams !== null) - Number(b.r.weightGrams !== null) ||
        (a.r.weightGrams === null ? b.r.openOrderCount - a.r.openOrderCount : 0) ||
        a.i - b.i,
    )
    .map(({ r }) => r);
}

export interface ProductChanges {
  name?: string | undefined;
  weightText?: string | null | undefined;
  pricePaise?: number | undefined;
  /** null clears it. */
  shelfLifeDays?: number | null | undefined;
}

/**
 * Edits a product; a new weight text is parsed and stored with it. Open orders pick the new
 * weight up when their parcel is planned; booked shipments keep the weight they were booked with.
 * Undefined when there is no such product.
 */
export async function updateProduct(
  db: DbExecutor,
  productId: string,
  changes: ProductChanges,
  now: Date,
): Promise<ProductRecord | undefined> {
  if (!isRowId(productId)) return undefined;
  const weight =
    changes.weightText === undefined
      ? {}
      : (() => {
          const parsed = parseProductWeight(changes.weightText);
          return {
            weight_text: changes.weightText,
            weight_grams: parsed.weightGrams,
            weight_error: parsed.weightError,
          };
        })();
  const row = await db
    .updateTable('products')
    .set({
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.pricePaise === undefined ? {} : { price_paise: changes.pricePaise }),
      ...(changes.shelfLifeDays === undefined ? {} : { shelf_life_days: changes.shelfLifeDays }),
      ...weight,
      updated_at: now,
    })
    .where('id', '=', productId)
    .returningAll()
    .executeTakeFirst();
  return row && toProductRecord(row);
}

export interface SkuWeight {
  sku: string;
  weightText: string | null;
}

/** Bulk weight edit by SKU (the Products page's CSV of sku,weight). Unknown SKUs are returned, not created. */
export async function setProductWeightsBySku(
  tx: Transaction<DB>,
  weights: readonly SkuWeight[],
  now: Date,
): Promise<{ updated: string[]; unknownSkus: string[] }> {
  if (weights.length === 0) return { updated: [], unknownSkus: [] };
  const values = weights.map((w) => {
    const parsed = parseProductWeight(w.weightText);
    return {
      sku: w.sku,
      weight_text: w.weightText,
      weight_grams: parsed.weightGrams,
      weight_error: parsed.weightError,
    };
  });
  const { rows } = await sql<{ sku: string }>`
    update products as p set
      weight_text = v.weight_text,
      weight_grams = v.weight_grams,
      weight_error = v.weight_error,
      updated_at = ${now}
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
      as v(sku text, weight_text text, weight_grams integer, weight_error text)
    where p.sku = v.sku
    returning p.sku`.execute(tx);
  const updated = new Set(rows.map((r) => r.sku));
  return {
    updated: [...updated],
    unknownSkus: [...new Set(weights.map((w) => w.sku).filter((sku) => !updated.has(sku)))],
  };
}

export interface CatalogueItem {
  sku: string;
  name: string;
  /** The item's weight text, used only for a product this call creates. */
  weightText: string | null;
  pricePaise: number;
}

/**
 * The product id for each SKU, creating the SKUs the catalogue does not know yet from the item
 * (name, weight, price). Existing products are never changed by an incoming order.
 */
export async function ensureProducts(
  db: DbExecutor,
  items: readonly CatalogueItem[],
  now: Date,
): Promise<Map<string, { id: string; created: boolean }>> {
  const catalogue = catalogueValues(items);
  if (catalogue.values.length === 0) return new Map();
  // One statement: insert the unknown SKUs, and read the ids of the known ones from the same snapshot.
  const { rows } = await sql<{ id: string; sku: string; created: boolean }>`
    with ${catalogueCtes({ values: JSON.stringify(catalogue.values), now })}
    select id, sku, created from catalogue`.execute(db);
  return productsFromRows(db, catalogue, rows);
}

/** The distinct SKUs of `items` (the first item of each) as ensureProducts writes them. */
export function catalogueValues(items: readonly CatalogueItem[]) {
  const bySku = new Map<string, CatalogueItem>();
  for (const item of items) if (!bySku.has(item.sku)) bySku.set(item.sku, item);
  // Inserted in SKU order: two requests adding the same new SKUs lock them in one order (no deadlock).
  const sorted = [...bySku.values()].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  const values = sorted.map((item) => {
    const parsed = parseProductWeight(item.weightText);
    return {
      sku: item.sku,
      name: item.name,
      weight_text: item.weightText,
      weight_grams: parsed.weightGrams,
      weight_error: parsed.weightError,
      price_paise: item.pricePaise,
    };
  });
  return { skus: [...bySku.keys()], values };
}

/**
 * ensureProducts' CTEs, for a statement that does more (the intake's customers statement): after
 * them, `catalogue` has (id text, sku, created) for every SKU, created ones flagged.
 */
export function catalogueCtes(
  /** Bound as parameters: catalogueValues' `values` as JSON text, and the time. */
  bound: { values: unknown; now: unknown },
  /** A condition on earlier CTEs: when false, the CTEs add and find nothing. */
  onlyIf: RawBuilder<unknown> = sql`true`,
) {
  const { now } = bound;
  return sql`catalogue_v as (
      select * from jsonb_to_recordset(${bound.values}::jsonb)
        as x(sku text, name text, weight_text text, weight_grams integer, weight_error text, price_paise integer)
      where ${onlyIf}
    ),
    catalogue_created as (
      insert into products (sku, name, weight_text, weight_grams, weight_error, price_paise, created_at, updated_at)
      select sku, name, weight_text, weight_grams, weight_error, price_paise, ${now}::timestamptz, ${now}::timestamptz
      from catalogue_v
      on conflict (sku) do nothing
      returning id, sku
    ),
    catalogue as (
      select id::text as id, sku, true as created from catalogue_created
      union all
      -- One index probe per SKU (LIMIT keeps it a probe, not a hashed scan of the catalogue).
      select p.id::text as id, p.sku, false as created
      from catalogue_v v cross join lateral (select p.id, p.sku from products p where p.sku = v.sku limit 1) p
    )`;
}

/** The SKU map from catalogue rows; a SKU another transaction inserted concurrently is read now. */
export async function productsFromRows(
  db: DbExecutor,
  catalogue: ReturnType<typeof catalogueValues>,
  rows: readonly { id: string; sku: string; created: boolean }[],
): Promise<Map<string, { id: string; created: boolean }>> {
  const result = new Map<string, { id: string; created: boolean }>();
  for (const row of rows)
    if (!result.has(row.sku) || row.created) result.set(row.sku, { id: row.id, created: row.created });
  // A SKU another transaction inserted concurrently is in neither half (not visible to this
  // statement's snapshot); read it now that its insert has committed.
  const missing = catalogue.skus.filter((sku) => !result.has(sku));
  if (missing.length > 0) {
    const found = await db.selectFrom('products').select(['id', 'sku']).where('sku', 'in', missing).execute();
    for (const row of found) result.set(row.sku, { id: row.id, created: false });
  }
  return result;
}

/** Stores the parse for rows that have none yet (made before the catalogue migration). Returns how many. */
export async function backfillProductWeights(db: DbExecutor, now: Date): Promise<number> {
  const rows = await db
    .selectFrom('products')
    .select(['id', 'weight_text'])
    .where('weight_grams', 'is', null)
    .where('weight_error', 'is', null)
    .execute();
  for (const row of rows) {
    const parsed = parseProductWeight(row.weight_text);
    await db
      .updateTable('products')
      .set({ weight_grams: parsed.weightGrams, weight_error: parsed.weightError, updated_at: now })
      .where('id', '=', row.id)
      .execute();
  }
  return rows.length;
}
