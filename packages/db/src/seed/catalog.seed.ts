import type { DbExecutor } from '../repositories/db-executor';
import { DEMO_CATALOG } from './catalog.data';

/** Inserts the demo catalogue; SKUs already present are left as they are. Returns how many were added. */
export async function insertDemoCatalog(db: DbExecutor): Promise<number> {
  const inserted = await db
    .insertInto('products')
    .values(
      DEMO_CATALOG.map((p) => ({ sku: p.sku, name: p.name, weight_text: p.weightText, price_paise: p.pricePaise })),
    )
    .onConflict((oc) => oc.column('sku').doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}
