import type { Generated, Selectable } from 'kysely';
import type { GeneratedId, Id, NullableTimestamp, Timestamp } from './columns';

export interface AdminUsersTable {
  id: GeneratedId;
  email: string;
  name: string;
  password_hash: string;
  created_at: Timestamp;
  password_changed_at: NullableTimestamp;
}

export interface AdminSessionsTable {
  token_hash: string;
  admin_id: Id;
  created_at: Timestamp;
  expires_at: Timestamp;
  client: string | null;
  user_agent: string | null;
}

export interface AdminSignInsTable {
  id: GeneratedId;
  admin_id: Id;
  signed_in_at: Timestamp;
  client: string;
  user_agent: string | null;
}

export interface RateLimitsTable {
  bucket: string;
  window_start: Timestamp;
  hits: Generated<number>;
}

/** A sign-in device cookie locked out after too many wrong passwords (its id is the SHA-256 of its nonce). */
export interface LoginDeviceLockoutsTable {
  device_id: string;
  locked_until: Timestamp;
}

export type AdminUser = Selectable<AdminUsersTable>;
