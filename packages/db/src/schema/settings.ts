import type { Generated } from 'kysely';
import type { Id, Timestamp } from './columns';

export interface AppSettingsTable {
  key: string;
  value: string;
  created_at: Generated<Date>;
}

/** At most one row (id = 1); a null column means "use the STORE_* default". */
export interface StoreBrandingTable {
  id: number;
  store_name: string | null;
  logo_url: string | null;
  brand_color: string | null;
  support_phone: string | null;
  support_email: string | null;
  store_url: string | null;
  updated_at: Timestamp;
  updated_by: Id | null;
}
