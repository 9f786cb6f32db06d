import type { Selectable } from 'kysely';
import type { GeneratedId, Id, Json, NullableTimestamp, Timestamp } from './columns';

export type IdempotencyState = 'running' | 'done';

export interface ApiKeysTable {
  id: GeneratedId;
  name: string;
  prefix: string;
  key_hash: string;
  created_by_admin_id: Id | null;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface IdempotencyKeysTable {
  api_key_id: Id;
  key: string;
  fingerprint: string;
  state: IdempotencyState;
  response_status: number | null;
  response_body: Json<unknown> | null;
  created_at: Timestamp;
  completed_at: NullableTimestamp;
}

export type ApiKey = Selectable<ApiKeysTable>;
export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;
