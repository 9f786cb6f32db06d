import {
  listCatalogue,
  parseProductWeight,
  setProductWeightsBySku,
  updateProduct,
  type CatalogueRow,
  type ProductRecord,
  type ProductWeightParse,
} from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';

export function listCatalogueProducts(
  deps: AppDeps,
  input: { search?: string | undefined; limit: number },
): Promise<CatalogueRow[]> {
  return listCatalogue(deps.db, input);
}

/** The one weight parser's reading of a text ("" = no weight), for the page's live preview. */
export function previewWeight(weightText: string): ProductWeightParse {
  return parseProductWeight(weightText.trim() === '' ? null : weightText.trim());
}

/**
 * Edits a product in place. A new weight re-plans the parcel of every order not yet booked
 * (their items take the product's weight when they have none of their own); booked shipments
 * keep the weight they were booked with.
 */
export async function updateCatalogueProduct(
  deps: AppDeps,
  input: {
    id: string;
    name?: string | undefined;
    weightText?: string | null | undefined;
    pricePaise?: number | undefined;
    shelfLifeDays?: number | null | undefined;
  },
): Promise<ProductRecord> {
  const weightText =
    input.weightText === undefined ? undefined : input.weightText?.trim() ? input.weightText.trim() : null;
  const product = await updateProduct(
    deps.db,
    input.id,
    { name: input.name, weightText, pricePaise: input.pricePaise, shelfLifeDays: input.shelfLifeDays },
    deps.clock.now(),
  );
  if (!product) throw new AppError('PRODUCT_NOT_FOUND');
  deps.logger.info({ productId: product.id, sku: product.sku, weightGrams: product.weightGrams }, 'product updated');
  return product;
}

export interface WeightImportResult {
  updated: number;
  unknownSkus: string[];
  errors: { row: number; column: string; message: string }[];
}

/**
 * A "sku,weight" CSV (header optional; `;` accepted): every weight must parse, else nothing is
 * changed and each bad line is named. SKUs the catalogue does not have are listed, not created.
 */
export async function importProductWeights(deps: AppDeps, csv: string): Promise<WeightImportResult> {
  let records: string[][];
  // Loaded on the first import, not at start (RSS at rest, docs/performance.md).
  const { parse } = await import('csv-parse/sync');
  try {
    const firstLine = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    records = parse(csv, {
      bom: true,
      delimiter: firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',',
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch {
    return { updated: 0, unknownSkus: [], errors: [{ row: 1, column: '', message: 'The file is not valid CSV.' }] };
  }
  const errors: WeightImportResult['errors'] = [];
  const weights: { sku: string; weightText: string }[] = [];
  const seen = new Set<string>();
  records.forEach((record, i) => {
    const row = i + 1;
    const [sku = '', weight = ''] = record;
    if (i === 0 && sku.toLowerCase() === 'sku') return;
    if (sku === '') return errors.push({ row, column: 'sku', message: 'is required' });
    if (sku.length > 100) return errors.push({ row, column: 'sku', message: 'must be at most 100 characters' });
    if (seen.has(sku)) return errors.push({ row, column: 'sku', message: 'appears twice in the file' });
    seen.add(sku);
    const parsed = parseProductWeight(weight === '' ? null : weight);
    if (parsed.weightError !== null || weight.length > 60) {
      return errors.push({
        row,
        column: 'weight',
        message: `cannot be read (${parsed.weightError ?? 'too long'}); write it like 500g or 1.5 kg`,
      });
    }
    weights.push({ sku, weightText: weight });
    return undefined;
  });
  if (errors.length > 0) return { updated: 0, unknownSkus: [], errors: errors.slice(0, 500) };
  if (weights.length === 0)
    return {
      updated: 0,
      unknownSkus: [],
      errors: [{ row: 1, column: '', message: 'The file has no sku,weight lines.' }],
    };
  const result = await deps.db.transaction().execute((tx) => setProductWeightsBySku(tx, weights, deps.clock.now()));
  deps.logger.info({ updated: result.updated.length, unknown: result.unknownSkus.length }, 'product weights imported');
  return { updated: result.updated.length, unknownSkus: result.unknownSkus, errors: [] };
}
