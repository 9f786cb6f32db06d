import type { Customer, CustomerLanguage } from '../schema';
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
  /** When consent was last given. */
  whatsappOptInAt: Date | null;
  /** When consent was last withdrawn. */
  whatsappOptOutAt: Date | null;
  createdAt: Date;
  /** The language pages and messages speak to this customer ('en' unless a source said otherwise). */
  language: CustomerLanguage;
}

export function toCustomerRecord(row: Customer): CustomerRecord {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    whatsappOptIn: row.whatsapp_opt_in,
    whatsappOptInAt: row.whatsapp_opt_in_at,
    whatsappOptOutAt: row.whatsapp_opt_out_at,
    createdAt: row.created_at,
    language: row.language,
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

/**
 * Records a customer's explicit WhatsApp statement: true grants, false withdraws, each stamped with
 * its time when it changes the consent. The latest statement wins; no statement means no call.
 */
export async function recordWhatsappConsent(
  db: DbExecutor,
  customerId: string,
  optIn: boolean,
  now: Date,
): Promise<boolean> {
  if (!isRowId(customerId)) return false;
  const result = await db
    .updateTable('customers')
    .set(
      optIn ? { whatsapp_opt_in: true, whatsapp_opt_in_at: now } : { whatsapp_opt_in: false, whatsapp_opt_out_at: now },
    )
    .where('id', '=', customerId)
    .where('whatsapp_opt_in', '=', !optIn)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
