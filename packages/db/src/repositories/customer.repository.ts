import { sql, type RawBuilder } from 'kysely';
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

/** A customer as an intake states them (IntakeOrder's customer). */
export interface IntakeCustomer {
  name: string;
  phone: string;
  email: string | null;
  /** The source's explicit statement (true grants, false withdraws), null = none (leave it). */
  whatsappOptIn: boolean | null;
  /** The language the source states; null or absent = none (a known customer keeps theirs). */
  language?: CustomerLanguage | null;
}

/**
 * The intake's customers as the JSON rows intakeCustomersCtes reads: one for each phone. An explicit
 * WhatsApp statement (the last for a phone among these customers) is recorded on a known customer
 * too: true grants, false withdraws, each with its time; none leaves the consent as it is. A stated
 * language replaces the stored one.
 */
export function intakeCustomerValues(customers: readonly IntakeCustomer[]): string {
  const byPhone = new Map<
    string,
    { phone: string; name: string; email: string | null; opt_in: boolean | null; lang: CustomerLanguage | null }
  >();
  for (const c of customers) {
    const lang = c.language ?? null;
    const known = byPhone.get(c.phone);
    if (!known) byPhone.set(c.phone, { phone: c.phone, name: c.name, email: c.email, opt_in: c.whatsappOptIn, lang });
    else {
      if (c.whatsappOptIn !== null) known.opt_in = c.whatsappOptIn;
      if (lang !== null) known.lang = lang;
    }
  }
  return JSON.stringify([...byPhone.values()]);
}

/**
 * The intake statement's customer CTEs (insertIntakeOrders) over intakeCustomerValues' JSON: `cust`
 * (id, phone) has one customer for each phone, the oldest one with it, else one made from the
 * order's details.
 */
export function intakeCustomersCtes(
  /** Bound as parameters: intakeCustomerValues' JSON text, and the time. */
  bound: { customers: unknown; now: unknown },
  /** A condition on earlier CTEs: when false, the CTEs add, change and find nothing. */
  onlyIf: RawBuilder<unknown> = sql`true`,
) {
  const { now } = bound;
  return sql`v as (
      select * from jsonb_to_recordset(${bound.customers}::jsonb)
        as x(phone text, name text, email text, opt_in boolean, lang text)
      where ${onlyIf}
    ),
    existing as (
      -- One index probe per phone (LIMIT keeps the subquery from being turned into a join): the
      -- statement's cached generic plan expects 100 rows from the JSON, and with a join it hashed a
      -- sequential scan of every customer (docs/performance.md, "REST creates: index probes").
      select c.id, c.phone from v cross join lateral (
        select c.id, c.phone from customers c where c.phone = v.phone order by c.id limit 1
      ) c
    ),
    consent as (
      update customers c set
        whatsapp_opt_in = coalesce(v.opt_in, c.whatsapp_opt_in),
        whatsapp_opt_in_at = case when v.opt_in and c.whatsapp_opt_in is distinct from v.opt_in
          then ${now}::timestamptz else c.whatsapp_opt_in_at end,
        whatsapp_opt_out_at = case when v.opt_in = false and c.whatsapp_opt_in is distinct from v.opt_in
          then ${now}::timestamptz else c.whatsapp_opt_out_at end,
        language = coalesce(v.lang, c.language)
      from existing e join v on v.phone = e.phone
      where c.id = e.id and (
        (v.opt_in is not null and c.whatsapp_opt_in is distinct from v.opt_in)
        or (v.lang is not null and c.language is distinct from v.lang)
      )
      returning c.id
    ),
    created as (
      insert into customers (name, email, phone, whatsapp_opt_in, whatsapp_opt_in_at, whatsapp_opt_out_at, created_at, language)
      select v.name, v.email, v.phone, coalesce(v.opt_in, false),
        case when v.opt_in then ${now}::timestamptz end,
        case when v.opt_in = false then ${now}::timestamptz end,
        ${now}::timestamptz, coalesce(v.lang, 'en')
      from v where v.phone not in (select phone from existing)
      returning id, phone
    ),
    cust as (
      select id, phone from existing union all select id, phone from created
    )`;
}
