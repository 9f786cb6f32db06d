import { appRouter } from '../../../src/entry/router/index';

export interface ProcedureInfo {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
}

/** Every procedure in the router, so a new one is covered without editing the tests. */
export function listProcedures(): ProcedureInfo[] {
  const record = appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureInfo['type'] } }>;
  return Object.entries(record).map(([path, proc]) => ({ path, type: proc._def.type }));
}

/** Procedures anyone may call; every other one is admin-only. */
export const PUBLIC_PROCEDURES = new Set([
  'auth.login',
  'auth.logout',
  'auth.me',
  'tracking.get',
  'tracking.respondToNdr',
]);

/** Row counts of the tables a bad request must never change. */
export const GUARDED_TABLES = [
  'orders',
  'order_items',
  'customers',
  'shipments',
  'status_history',
  'order_notes',
  'messages',
  'admin_users',
  'admin_sessions',
  'app_settings',
  'ship_batches',
  'ship_batch_items',
  'event_endpoints',
  'outbound_events',
  'channel_writebacks',
  'store_branding',
  'ndr_responses',
] as const;
