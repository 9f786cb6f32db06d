import type { DbExecutor } from './db-executor';

/** The branding an admin saved; a null field falls back to the STORE_* default. */
export interface StoreBrandingRecord {
  storeName: string | null;
  logoUrl: string | null;
  brandColor: string | null;
  supportPhone: string | null;
  supportEmail: string | null;
  storeUrl: string | null;
  updatedAt: Date;
  updatedBy: string | null;
}

export type StoreBrandingValues = Omit<StoreBrandingRecord, 'updatedAt' | 'updatedBy'>;

export async function findStoreBranding(db: DbExecutor): Promise<StoreBrandingRecord | undefined> {
  const row = await db.selectFrom('store_branding').selectAll().where('id', '=', 1).executeTakeFirst();
  return (
    row && {
      storeName: row.store_name,
      logoUrl: row.logo_url,
      brandColor: row.brand_color,
      supportPhone: row.support_phone,
      supportEmail: row.support_email,
      storeUrl: row.store_url,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    }
  );
}

/** Replaces the saved branding (every field; null = back to the default). */
export async function saveStoreBranding(
  db: DbExecutor,
  values: StoreBrandingValues,
  by: { adminId: string | null; now: Date },
): Promise<void> {
  const row = {
    store_name: values.storeName,
    logo_url: values.logoUrl,
    brand_color: values.brandColor,
    support_phone: values.supportPhone,
    support_email: values.supportEmail,
    store_url: values.storeUrl,
    updated_at: by.now,
    updated_by: by.adminId,
  };
  await db
    .insertInto('store_branding')
    .values({ id: 1, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}
