import type { DbExecutor } from './db-executor';

/**
 * Order items with the weight text (and shelf life) of their SKU's product beside their own: every reader that
 * plans a parcel (one order, or many for a bulk review or labels) goes through this, so they all
 * weigh the same parcel. Not re-exported by the package: a query for the repositories beside it.
 */
export function selectItemsWithWeights(db: DbExecutor) {
  return db
    .selectFrom('order_items as oi')
    .leftJoin('products as p', (join) =>
      join.on((eb) =>
        eb.or([
          eb('p.id', '=', eb.ref('oi.product_id')),
          eb.and([eb('oi.product_id', 'is', null), eb('p.sku', '=', eb.ref('oi.sku'))]),
        ]),
      ),
    )
    .selectAll('oi')
    .select(['p.weight_text as product_weight_text', 'p.shelf_life_days as product_shelf_life_days']);
}
