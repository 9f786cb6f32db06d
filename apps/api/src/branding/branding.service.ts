import { findStoreBranding, saveStoreBranding, type DbExecutor, type StoreBrandingValues } from '@app/db';
import type { AppConfig } from '../config';

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

/**
 * The branding in force: each field as the admin saved it, else its STORE_* default, else the neat
 * default. `db` lets a caller read it inside its transaction (messages queued with a state change).
 */
export async function getBranding(deps: { db: DbExecutor; config: Pick<AppConfig, 'branding'> }): Promise<Branding> {
  return merge(await findStoreBranding(deps.db), deps.config.branding);
}

/** How long a public page may show branding read earlier: a save elsewhere shows within this. */
const PAGE_BRANDING_TTL_MS = 5_000;
const pageBrandingCache = new WeakMap<object, { value: Promise<Branding>; readAt: number }>();

/**
 * `getBranding` for the public tracking page, read at most once per few seconds per database: the
 * page is the product's hottest read and the branding changes when an admin saves it (which clears
 * this process's copy at once).
 */
export function getPageBranding(deps: { db: DbExecutor; config: Pick<AppConfig, 'branding'> }): Promise<Branding> {
  const cached = pageBrandingCache.get(deps.db);
  const now = performance.now();
  if (cached && now - cached.readAt < PAGE_BRANDING_TTL_MS) return cached.value;
  const value = getBranding(deps);
  pageBrandingCache.set(deps.db, { value, readAt: now });
  // A failed read is not kept: the next page asks again.
  value.catch(() => pageBrandingCache.delete(deps.db));
  return value;
}

/** What the admin's Branding page shows: the saved values, the env defaults under them, and the result. */
export async function getBrandingSettings(deps: { db: DbExecutor; config: Pick<AppConfig, 'branding'> }) {
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
  deps: { db: DbExecutor; config: Pick<AppConfig, 'branding'>; clock: { now(): Date } },
  adminId: string,
  values: BrandingFields,
) {
  await saveStoreBranding(deps.db, values, { adminId, now: deps.clock.now() });
  pageBrandingCache.delete(deps.db);
  return getBrandingSettings(deps);
}
