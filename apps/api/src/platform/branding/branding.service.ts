import { findStoreBranding, saveStoreBranding, type DbExecutor, type StoreBrandingValues } from '@app/db';

/** The store's branding as every customer-facing surface uses it (page, emails, WhatsApp, labels). */
export interface Branding {
  storeName: string;
  logoUrl: string | null;
  /** #rrggbb, readable under white text. */
  brandColor: string;
  supportPhone: string | null;
  supportEmail: string | null;
  storeUrl: string | null;
}

/** Each field as saved or as configured; null = not set there. */
export type BrandingFields = StoreBrandingValues;

/** What the services read the STORE_* defaults from (AppConfig has it). */
interface BrandingConfig {
  branding: BrandingFields;
}

/** What a store that set nothing looks like: a neutral name and the product's own violet. */
export const DEFAULT_BRANDING: Branding = {
  storeName: 'Our store',
  logoUrl: null,
  brandColor: '#6d28d9',
  supportPhone: null,
  supportEmail: null,
  storeUrl: null,
};

function merge(saved: BrandingFields | undefined, defaults: BrandingFields): Branding {
  return {
    storeName: saved?.storeName ?? defaults.storeName ?? DEFAULT_BRANDING.storeName,
    logoUrl: saved?.logoUrl ?? defaults.logoUrl ?? DEFAULT_BRANDING.logoUrl,
    brandColor: saved?.brandColor ?? defaults.brandColor ?? DEFAULT_BRANDING.brandColor,
    supportPhone: saved?.supportPhone ?? defaults.supportPhone ?? DEFAULT_BRANDING.supportPhone,
    supportEmail: saved?.supportEmail ?? defaults.supportEmail ?? DEFAULT_BRANDING.supportEmail,
    storeUrl: saved?.storeUrl ?? defaults.storeUrl ?? DEFAULT_BRANDING.storeUrl,
  };
}

/** How long a read of the branding is used: a save on another instance shows within this. */
const BRANDING_TTL_MS = 5_000;
const brandingCache = new WeakMap<object, { value: Promise<Branding>; readAt: number }>();

/**
 * The branding in force: each field as the admin saved it, else its STORE_* default, else the neat
 * default. Read at most once per few seconds per database (the tracking page and every message
 * use it; an admin's save clears this process's copy at once). `via` is the executor a miss reads
 * through: a caller inside a transaction passes its own, so it never waits for a second pooled
 * connection while holding one.
 */
export function getBranding(
  deps: { db: DbExecutor; config: BrandingConfig },
  via: DbExecutor = deps.db,
): Promise<Branding> {
  const cached = brandingCache.get(deps.db);
  const now = performance.now();
  if (cached && now - cached.readAt < BRANDING_TTL_MS) return cached.value;
  const value = findStoreBranding(via).then((saved) => merge(saved, deps.config.branding));
  brandingCache.set(deps.db, { value, readAt: now });
  // A failed read (a transaction that already failed, say) is not kept: the next caller asks again.
  value.catch(() => {
    if (brandingCache.get(deps.db)?.value === value) brandingCache.delete(deps.db);
  });
  return value;
}

/** What the admin's Branding page shows: the saved values, the env defaults under them, and the result. */
export async function getBrandingSettings(deps: { db: DbExecutor; config: BrandingConfig }) {
  const saved = await findStoreBranding(deps.db);
  const fields: BrandingFields = saved ?? {
    storeName: null,
    logoUrl: null,
    brandColor: null,
    supportPhone: null,
    supportEmail: null,
    storeUrl: null,
  };
  return {
    saved: {
      storeName: fields.storeName,
      logoUrl: fields.logoUrl,
      brandColor: fields.brandColor,
      supportPhone: fields.supportPhone,
      supportEmail: fields.supportEmail,
      storeUrl: fields.storeUrl,
    },
    defaults: { ...deps.config.branding },
    effective: merge(saved, deps.config.branding),
    updatedAt: saved?.updatedAt ?? null,
  };
}

/** Saves every field (null = use the default); the input was validated by the procedure's schema. */
export async function updateBranding(
  deps: { db: DbExecutor; config: BrandingConfig; clock: { now(): Date } },
  adminId: string,
  values: BrandingFields,
) {
  await saveStoreBranding(deps.db, values, { adminId, now: deps.clock.now() });
  brandingCache.delete(deps.db);
  return getBrandingSettings(deps);
}
