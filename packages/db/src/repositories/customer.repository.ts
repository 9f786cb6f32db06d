import type { Customer } from '../schema';
import type { DbExecutor } from './db-executor';
import { NotFoundError } from './errors';
import { isRowId } from './ids';
import { normalizeMobile } from './order-search';

export interface CustomerRecord {
  id: string;
  name: string;
  email: string | null;
  /** 10 digits, no country code. */
  phone: string;
  whatsappOptIn: boolean;
  whatsappOptInAt: Date | null;
  createdAt: Date;
}

export function toCustomerRecord(row: Customer): CustomerRecord {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    whatsappOptIn: row.whatsapp_opt_in,
    whatsappOptInAt: row.whatsapp_opt_in_at,
    createdAt: row.created_at,
  };
}

export async function findCustomerById(db: DbExecutor, customerId: string): Promise<CustomerRecord | undefined> {
  if (!isRowId(customerId)) return undefined;
  const row = await db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
  return row && toCustomerRecord(row);
}

/** Throws NotFoundError when there is no such customer. */
export async function getCustomerById(db: DbExecutor, customerId: string): Promise<CustomerRecord> {
  const customer = await findCustomerById(db, customerId);
  if (!customer) throw new NotFoundError('customer', customerId);
  return customer;
}

/** Customers with this mobile (accepts +91, a leading 0, spaces), oldest first; [] when it is not a mobile. */
export async function findCustomersByPhone(db: DbExecutor, phone: string): Promise<CustomerRecord[]> {
  const normalized = normalizeMobile(phone);
  if (!normalized) return [];
  const rows = await db.selectFrom('customers').selectAll().where('phone', '=', normalized).orderBy('id').execute();
  return rows.map(toCustomerRecord);
}
