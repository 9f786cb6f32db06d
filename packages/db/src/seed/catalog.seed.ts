import { parseProductWeight } from '../repositories/product.repository';
import type { DbExecutor } from '../repositories/db-executor';
import { DEMO_CATALOG } from './catalog.data';

/** The stored parse beside a weight text, as the repository writes it. */
export function productWeightColumns(weightText: string | null): {
  weight_grams: number | null;
  weight_error: string | null;
} {
  const parsed = parseProductWeight(weightText);
  return { weight_grams: parsed.weightGrams, weight_error: parsed.weightError };
}

/** Inserts the demo catalogue; SKUs already present are left as they are. Returns how many were added. */
export async function insertDemoCatalog(db: DbExecutor): Promise<number> {
  const inserted = await db
    .insertInto('products')
    .values(
      DEMO_CATALOG.map((p) => ({
        sku: p.sku,
        name: p.name,
        weight_text: p.weightText,
        ...productWeightColumns(p.weightText),
        price_paise: p.pricePaise,
      })),
    )
    .onConflict((oc) => oc.column('sku').doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}
