import type { Product } from '../schema';
import type { DbExecutor } from './db-executor';
import { NotFoundError } from './errors';
import { isRowId } from './ids';

export interface ProductRecord {
  id: string;
  sku: string;
  name: string;
  /** As the store typed it ("500g", "1.5 kg", "family pack") or null; parsed only when a parcel is built. */
  weightText: string | null;
  pricePaise: number;
  createdAt: Date;
}

export function toProductRecord(row: Product): ProductRecord {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    weightText: row.weight_text,
    pricePaise: row.price_paise,
    createdAt: row.created_at,
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
